package dev.sluice.postgres.message;

import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Encoders for the small server messages Sluice writes to clients itself. */
public final class BackendMessages {
    private BackendMessages() {}

    /** {@code 'R' | int32 8 | int32 0}. */
    public static void authenticationOk(ByteBuf out) {
        authentication(out, 0);
    }

    /** {@code 'R' | int32 8 | int32 3}: send the password (here: the access token) in clear, over TLS. */
    public static void authenticationCleartextPassword(ByteBuf out) {
        authentication(out, 3);
    }

    private static void authentication(ByteBuf out, int code) {
        int length = PgWire.beginMessage(out, 'R');
        out.writeInt(code);
        PgWire.endMessage(out, length);
    }

    /** {@code 'S' | int32 len | cstring name | cstring value}. */
    public static void parameterStatus(ByteBuf out, String name, String value) {
        int length = PgWire.beginMessage(out, 'S');
        PgWire.writeCString(out, name);
        PgWire.writeCString(out, value);
        PgWire.endMessage(out, length);
    }

    /** {@code 'K' | int32 12 | int32 pid | int32 secret}. */
    public static void backendKeyData(ByteBuf out, KeyData key) {
        int length = PgWire.beginMessage(out, 'K');
        key.encode(out);
        PgWire.endMessage(out, length);
    }

    /** {@code 'v' | int32 len | int32 newest minor supported | int32 n | cstring option * n}. */
    public static void negotiateProtocolVersion(ByteBuf out, int minorSupported, List<String> unrecognizedOptions) {
        int length = PgWire.beginMessage(out, 'v');
        out.writeInt(minorSupported);
        out.writeInt(unrecognizedOptions.size());
        unrecognizedOptions.forEach(option -> PgWire.writeCString(out, option));
        PgWire.endMessage(out, length);
    }
}
