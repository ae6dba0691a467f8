package dev.sluice.postgres.message;

import dev.sluice.postgres.codec.PgProtocolException;
import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The untyped first messages a client may send: {@code int32 length | int32 code | body}. */
public sealed interface StartupPacket {
    int SSL_REQUEST_CODE = 80877103;
    int GSSENC_REQUEST_CODE = 80877104;
    int CANCEL_REQUEST_CODE = 80877102;

    /** {@code int32 8 | int32 80877103}: the client asks to switch to TLS. */
    record SslRequest() implements StartupPacket {}

    /** {@code int32 8 | int32 80877104}: the client asks for GSSAPI encryption, which Sluice declines. */
    record GssEncRequest() implements StartupPacket {}

    /** {@code int32 16 | int32 80877102 | int32 pid | int32 secret}: cancel the query running on that session. */
    record CancelRequest(KeyData key) implements StartupPacket {}

    /** {@code int32 len | int32 protocol (major<<16 | minor) | (cstring name, cstring value)* | 0}. */
    record StartupMessage(int protocolVersion, Map<String, String> parameters) implements StartupPacket {
        public StartupMessage {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        public int majorVersion() {
            return protocolVersion >>> 16;
        }

        public int minorVersion() {
            return protocolVersion & 0xffff;
        }

        /** Writes the whole packet, length included. */
        public void encode(ByteBuf out) {
            int start = out.writerIndex();
            out.writeInt(0);
            out.writeInt(protocolVersion);
            parameters.forEach((name, value) -> {
                PgWire.writeCString(out, name);
                PgWire.writeCString(out, value);
            });
            out.writeByte(0);
            out.setInt(start, out.writerIndex() - start);
        }
    }

    /** Decodes a packet whose length word has already been read. */
    public static StartupPacket decodePacket(ByteBuf body) {
        int code = body.readInt();
        switch (code) {
            case SSL_REQUEST_CODE:
                return new SslRequest();
            case GSSENC_REQUEST_CODE:
                return new GssEncRequest();
            case CANCEL_REQUEST_CODE:
                if (body.readableBytes() != 8) {
                    throw new PgProtocolException("invalid cancel request length");
                }
                return new CancelRequest(KeyData.of(body));
            default:
                if (code >>> 16 != 3) {
                    throw new PgProtocolException("unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                            + ": Sluice speaks protocol 3.0");
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                while (body.isReadable() && body.getByte(body.readerIndex()) != 0) {
                    String name = PgWire.readCString(body);
                    parameters.put(name, PgWire.readCString(body));
                }
                return new StartupMessage(code, parameters);
        }
    }
}
