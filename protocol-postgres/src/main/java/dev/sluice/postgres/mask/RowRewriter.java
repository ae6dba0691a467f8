package dev.sluice.postgres.mask;

import dev.sluice.policy.mask.ColumnMasks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Masks one DataRow ({@code 'D' | int32 len | int16 n | (int32 len | bytes)*n}, len -1 for NULL). Returns the
 * frame itself when no value changes; otherwise a new frame with the changed values and recomputed lengths,
 * copying the untouched values as they are. A value's bytes are first copied into a reused array and checked by
 * {@link ColumnMasks#mayChange}; only a value some detector could match is decoded to a {@code String}. One
 * instance per session (it reuses that array).
 */
final class RowRewriter {
    private byte[] scratch = new byte[256];

    RowRewriter() {}

    ByteBuf rewrite(ByteBuf frame, ColumnMasks masks, List<Field> fields, ByteBufAllocator alloc) {
        int base = frame.readerIndex();
        int count = frame.getUnsignedShort(base + 5);
        int position = base + 7;
        ByteBuf out = null;
        for (int column = 0; column < count && column < masks.size(); column++) {
            int length = frame.getInt(position);
            int valueStart = position + 4;
            int next = valueStart + Math.max(length, 0);
            byte[] replacement = null;
            boolean toNull = false;
            switch (masks.action(column)) {
                case KEEP -> { }
                case NULL -> toNull = length >= 0 && masks.nullify(column);
                case MASK -> {
                    String value = length < 0 ? null : decode(frame, valueStart, length, fields.get(column), masks, column);
                    if (value != null) {
                        String masked = masks.apply(column, value);
                        if (masked == null) {
                            toNull = true;
                        } else if (masked != value) {
                            replacement = masked.getBytes(StandardCharsets.UTF_8);
                        }
                    }
                }
                default -> throw new IllegalStateException("unknown mask action");
            }
            if ((toNull || replacement != null) && out == null) {
                out = alloc.buffer(frame.readableBytes() + 64);
                out.writeBytes(frame, base, position - base);
            }
            if (toNull) {
                out.writeInt(-1);
            } else if (replacement != null) {
                out.writeInt(replacement.length).writeBytes(replacement);
            } else if (out != null) {
                out.writeBytes(frame, position, next - position);
            }
            position = next;
        }
        if (out == null) {
            return frame;
        }
        out.writeBytes(frame, position, frame.writerIndex() - position);
        out.setInt(1, out.writerIndex() - 1);
        frame.release();
        return out;
    }

    /**
     * Text as PostgreSQL sends it; binary integers as their decimal text (so detectors see card numbers). Null when
     * the masks certainly leave the value as it is.
     */
    private String decode(ByteBuf frame, int start, int length, Field field, ColumnMasks masks, int column) {
        if (field.format() == Field.BINARY && ColumnForms.BINARY_INTEGERS.contains(field.typeOid())) {
            return Long.toString(frame.getLong(start));
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        frame.getBytes(start, scratch, 0, length);
        if (!masks.mayChange(column, scratch, 0, length)) {
            return null;
        }
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }
}
