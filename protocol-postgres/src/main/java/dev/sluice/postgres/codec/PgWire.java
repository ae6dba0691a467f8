package dev.sluice.postgres.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reading and writing the protocol's primitive types: NUL-terminated UTF-8 strings. */
public final class PgWire {
    private PgWire() {}

    /** Reads a NUL-terminated string, or fails if the buffer ends before the NUL. */
    public static String readCString(ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new PgProtocolException("string is not NUL-terminated");
        }
        String value = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
        buf.readerIndex(end + 1);
        return value;
    }

    public static void writeCString(ByteBuf buf, String value) {
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }

    /** Writes a message header (type byte and a length placeholder); returns where the length goes. */
    public static int beginMessage(ByteBuf buf, char type) {
        buf.writeByte(type);
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        return lengthIndex;
    }

    /** Fills in the length written by {@link #beginMessage}: it counts itself and the body, not the type. */
    public static void endMessage(ByteBuf buf, int lengthIndex) {
        buf.setInt(lengthIndex, buf.writerIndex() - lengthIndex);
    }

    /** The type byte of a framed message (header included in the buffer). */
    public static char type(ByteBuf frame) {
        return (char) frame.getByte(frame.readerIndex());
    }
}
