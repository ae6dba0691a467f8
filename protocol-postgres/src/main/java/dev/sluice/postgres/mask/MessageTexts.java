package dev.sluice.postgres.mask;

import dev.sluice.policy.mask.MaskCounts;
import dev.sluice.policy.mask.MaskPlan;
import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks backend messages that carry free text rather than column values, through the plan's detector rules:
 * errors, notices, notification payloads, and COPY lines whose columns are unknown. Each returns the frame itself
 * when nothing changed, otherwise a new frame (the old one released).
 */
final class MessageTexts {
    private MessageTexts() {}

    /** Masks every text field of an ErrorResponse or NoticeResponse (message, detail, hint, where...). */
    static ByteBuf maskTextFields(ByteBuf frame, ByteBufAllocator alloc, MaskPlan plan, MaskCounts counts) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        List<byte[]> fieldsOut = new ArrayList<>();
        boolean changed = false;
        while (body.isReadable()) {
            byte code = body.readByte();
            if (code == 0) {
                break;
            }
            String value = PgWire.readCString(body);
            String masked = code == 'C' || code == 'S' || code == 'V' ? value : plan.maskFreeText(value, counts);
            changed |= masked != value;
            byte[] text = masked.getBytes(StandardCharsets.UTF_8);
            byte[] entry = new byte[text.length + 1];
            entry[0] = code;
            System.arraycopy(text, 0, entry, 1, text.length);
            fieldsOut.add(entry);
        }
        if (!changed) {
            return frame;
        }
        ByteBuf out = alloc.buffer(frame.readableBytes() + 32);
        int length = PgWire.beginMessage(out, PgWire.type(frame));
        for (byte[] entry : fieldsOut) {
            out.writeBytes(entry).writeByte(0);
        }
        out.writeByte(0);
        PgWire.endMessage(out, length);
        frame.release();
        return out;
    }

    /** {@code 'A' | int32 len | int32 pid | cstring channel | cstring payload}: the payload is masked. */
    static ByteBuf maskNotification(ByteBuf frame, ByteBufAllocator alloc, MaskPlan plan, MaskCounts counts) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        int pid = body.readInt();
        String channel = PgWire.readCString(body);
        String payload = PgWire.readCString(body);
        String masked = plan.maskFreeText(payload, counts);
        if (masked == payload) {
            return frame;
        }
        frame.release();
        ByteBuf out = alloc.buffer();
        int length = PgWire.beginMessage(out, 'A');
        out.writeInt(pid);
        PgWire.writeCString(out, channel);
        PgWire.writeCString(out, masked);
        PgWire.endMessage(out, length);
        return out;
    }

    /** {@code 'd' | int32 len | bytes}: a text or CSV line of COPY OUT, masked by the detector rules. */
    static ByteBuf maskCopyLine(ByteBuf frame, ByteBufAllocator alloc, MaskPlan plan, MaskCounts counts) {
        String line = frame.toString(frame.readerIndex() + 5, frame.readableBytes() - 5, StandardCharsets.UTF_8);
        String masked = plan.maskFreeText(line, counts);
        if (masked == line) {
            return frame;
        }
        frame.release();
        byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer(bytes.length + 5);
        out.writeByte('d').writeInt(bytes.length + 4).writeBytes(bytes);
        return out;
    }
}
