package dev.sluice.postgres.mask;

import dev.sluice.policy.mask.ColumnMasks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Masks the rows of one COPY OUT result, one CopyData ({@code 'd' | int32 len | row ending in a newline}) at a
 * time: PostgreSQL sends exactly one row per message. Each row is split into its fields, each field goes through
 * the same {@link ColumnMasks} a DataRow's value would, and only changed fields are re-escaped; the row is copied
 * once when something changes, otherwise the frame passes as it came. A HEADER row (column names) passes as is.
 */
final class CopyOutRows {
    private final CopyRowCodec codec;
    private final ColumnMasks masks;
    private boolean headerPending;

    CopyOutRows(CopyFormat format, ColumnMasks masks) {
        this.codec = new CopyRowCodec(format);
        this.masks = masks;
        this.headerPending = format.header();
    }

    /** The row to send: {@code frame} itself, a masked copy (the frame released), or null when the row cannot be split into its columns. */
    ByteBuf rewrite(ByteBuf frame, ByteBufAllocator alloc) {
        if (headerPending) {
            headerPending = false;
            return frame;
        }
        if (masks.isEmpty()) {
            return frame;
        }
        int base = frame.readerIndex();
        int end = frame.writerIndex();
        if (end - base < 6 || frame.getByte(end - 1) != '\n' || codec.split(frame, base + 5, end - 1) != masks.size()) {
            return null;
        }
        ByteBuf out = null;
        int copied = base;
        for (int i = 0; i < masks.size(); i++) {
            String replacement;
            switch (masks.action(i)) {
                case KEEP -> {
                    continue;
                }
                case NULL -> {
                    if (codec.isNull(frame, i)) {
                        continue;
                    }
                    masks.nullify(i);
                    replacement = null;
                }
                case MASK -> {
                    if (codec.isNull(frame, i)) {
                        continue;
                    }
                    int length = codec.unescape(frame, i);
                    if (!masks.mayChange(i, codec.scratch(), 0, length)) {
                        continue;
                    }
                    String value = codec.string(length);
                    replacement = masks.apply(i, value);
                    if (replacement == value) {
                        continue;
                    }
                }
                default -> throw new IllegalStateException("unknown mask action");
            }
            if (out == null) {
                out = alloc.buffer(end - base + 64);
            }
            out.writeBytes(frame, copied, codec.rawStart(i) - copied);
            codec.write(out, i, replacement);
            copied = codec.rawEnd(i);
        }
        if (out == null) {
            return frame;
        }
        out.writeBytes(frame, copied, end - copied);
        out.setInt(1, out.writerIndex() - 1);
        frame.release();
        return out;
    }
}
