package dev.sluice.postgres.message;

import dev.sluice.postgres.codec.PgProtocolException;
import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/** A backend's {@code 'R' | int32 len | int32 code | data} message, as far as Sluice answers it. */
public sealed interface AuthenticationRequest {
    /** code 0. */
    record Ok() implements AuthenticationRequest {}

    /** code 3. */
    record CleartextPassword() implements AuthenticationRequest {}

    /** code 5, {@code byte4 salt}. */
    record Md5Password(byte[] salt) implements AuthenticationRequest {}

    /** code 10, {@code (cstring mechanism)* | 0}. */
    record Sasl(List<String> mechanisms) implements AuthenticationRequest {}

    /** code 11, {@code byten server-first-message}. */
    record SaslContinue(byte[] data) implements AuthenticationRequest {}

    /** code 12, {@code byten server-final-message}. */
    record SaslFinal(byte[] data) implements AuthenticationRequest {}

    /** Any other method (Kerberos, GSS, SSPI): Sluice cannot answer it. */
    record Unsupported(int code) implements AuthenticationRequest {}

    /** Decodes a whole framed {@code 'R'} message. */
    static AuthenticationRequest decode(ByteBuf frame) {
        ByteBuf body = frame.duplicate();
        if (body.readByte() != 'R') {
            throw new PgProtocolException("not an authentication request");
        }
        body.skipBytes(4);
        int code = body.readInt();
        switch (code) {
            case 0:
                return new Ok();
            case 3:
                return new CleartextPassword();
            case 5:
                return new Md5Password(ByteBufUtil.getBytes(body, body.readerIndex(), 4));
            case 10:
                List<String> mechanisms = new ArrayList<>();
                while (body.isReadable() && body.getByte(body.readerIndex()) != 0) {
                    mechanisms.add(PgWire.readCString(body));
                }
                return new Sasl(List.copyOf(mechanisms));
            case 11:
                return new SaslContinue(ByteBufUtil.getBytes(body));
            case 12:
                return new SaslFinal(ByteBufUtil.getBytes(body));
            default:
                return new Unsupported(code);
        }
    }
}
