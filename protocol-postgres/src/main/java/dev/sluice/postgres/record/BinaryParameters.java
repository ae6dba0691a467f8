package dev.sluice.postgres.record;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Readable text for a bound parameter sent in binary format, by the type its Parse declared. */
final class BinaryParameters {
    private BinaryParameters() {}

    /** The value at the reader index of {@code body} (not consumed). */
    static String describe(ByteBuf body, int length, int typeOid) {
        int at = body.readerIndex();
        return switch (typeOid) {
            case 16 -> length == 1 ? Boolean.toString(body.getByte(at) != 0) : opaque(length);
            case 21 -> length == 2 ? Short.toString(body.getShort(at)) : opaque(length);
            case 23 -> length == 4 ? Integer.toString(body.getInt(at)) : opaque(length);
            case 20 -> length == 8 ? Long.toString(body.getLong(at)) : opaque(length);
            case 700 -> length == 4 ? Float.toString(body.getFloat(at)) : opaque(length);
            case 701 -> length == 8 ? Double.toString(body.getDouble(at)) : opaque(length);
            case 25, 1043, 1042, 19 -> body.toString(at, length, StandardCharsets.UTF_8);
            default -> opaque(length);
        };
    }

    private static String opaque(int length) {
        return "<binary " + length + " bytes>";
    }
}
