package dev.sluice.postgres.backend;

import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

/** Reads a backend's ErrorResponse for the gateway's own log; never passed to a client as such. */
public final class BackendErrors {
    private BackendErrors() {}

    /** "SQLSTATE: message" from an {@code 'E'} or {@code 'N'} frame. */
    public static String describe(ByteBuf frame) {
        Map<Character, String> fields = fields(frame);
        return fields.getOrDefault('C', "?") + ": " + fields.getOrDefault('M', "");
    }

    /** The fields of an {@code 'E'} or {@code 'N'} frame by their one-letter codes ({@code C} SQLSTATE, {@code M} message...). */
    public static Map<Character, String> fields(ByteBuf frame) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        Map<Character, String> fields = new HashMap<>();
        while (body.isReadable()) {
            byte field = body.readByte();
            if (field == 0) {
                break;
            }
            fields.put((char) field, PgWire.readCString(body));
        }
        return fields;
    }
}
