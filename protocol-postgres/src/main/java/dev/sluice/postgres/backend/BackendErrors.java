package dev.sluice.postgres.backend;

import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;

/** Reads a backend's ErrorResponse for the gateway's own log; never passed to a client as such. */
public final class BackendErrors {
    private BackendErrors() {}

    /** "SQLSTATE: message" from an {@code 'E'} or {@code 'N'} frame. */
    public static String describe(ByteBuf frame) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        String code = "?";
        String message = "";
        while (body.isReadable()) {
            byte field = body.readByte();
            if (field == 0) {
                break;
            }
            String value = PgWire.readCString(body);
            if (field == 'C') {
                code = value;
            } else if (field == 'M') {
                message = value;
            }
        }
        return code + ": " + message;
    }
}
