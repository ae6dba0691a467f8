package dev.sluice.postgres.mask;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits one COPY OUT row (text or CSV) into its fields and writes fields back, escaped as PostgreSQL escapes
 * them. Works on bytes: the delimiter, quote and escape are ASCII, and no byte of a multibyte UTF-8 character is
 * below 0x80, so they can never be mistaken for one another. Reuses its arrays: one instance per COPY result.
 */
final class CopyRowCodec {
    private final CopyFormat format;
    private int count;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];
    private byte[] scratch = new byte[64];

    CopyRowCodec(CopyFormat format) {
        this.format = format;
    }

    /**
     * Splits the row in {@code [start, end)} (its final newline excluded). Returns the number of fields, or -1 when
     * the row is not what the format says (an unterminated quote, text after a closing quote).
     */
    int split(ByteBuf row, int start, int end) {
        count = 0;
        int p = start;
        while (true) {
            grow();
            if (format.csv() && p < end && row.getByte(p) == format.quote()) {
                int close = closingQuote(row, p + 1, end);
                if (close < 0 || (close + 1 < end && row.getByte(close + 1) != format.delimiter())) {
                    return -1;
                }
                starts[count] = p + 1;
                ends[count] = close;
                quoted[count] = true;
                p = close + 1;
            } else {
                int q = p;
                while (q < end && row.getByte(q) != format.delimiter()) {
                    q += !format.csv() && row.getByte(q) == '\\' && q + 1 < end ? 2 : 1;
                }
                starts[count] = p;
                ends[count] = q;
                quoted[count] = false;
                p = q;
            }
            count++;
            if (p >= end) {
                return count;
            }
            p++;
        }
    }

    private int closingQuote(ByteBuf row, int p, int end) {
        while (p < end) {
            byte b = row.getByte(p);
            if (b == format.escape() && p + 1 < end
                    && (row.getByte(p + 1) == format.quote() || row.getByte(p + 1) == format.escape())) {
                p += 2;
            } else if (b == format.quote()) {
                return p;
            } else {
                p++;
            }
        }
        return -1;
    }

    private void grow() {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            quoted = Arrays.copyOf(quoted, count * 2);
        }
    }

    int count() {
        return count;
    }

    /** Where field {@code i}'s bytes start in the row, quotes included. */
    int rawStart(int i) {
        return quoted[i] ? starts[i] - 1 : starts[i];
    }

    /** Where field {@code i}'s bytes end in the row, quotes included. */
    int rawEnd(int i) {
        return quoted[i] ? ends[i] + 1 : ends[i];
    }

    /** Whether field {@code i} is the NULL marker (compared before unescaping, as COPY FROM does; never quoted). */
    boolean isNull(ByteBuf row, int i) {
        byte[] marker = format.nullBytes();
        if (quoted[i] || ends[i] - starts[i] != marker.length) {
            return false;
        }
        for (int k = 0; k < marker.length; k++) {
            if (row.getByte(starts[i] + k) != marker[k]) {
                return false;
            }
        }
        return true;
    }

    /** The value of non-NULL field {@code i}, unescaped. */
    String value(ByteBuf row, int i) {
        return string(unescape(row, i));
    }

    /** Unescapes non-NULL field {@code i} into {@link #scratch()}; returns its length in bytes. */
    int unescape(ByteBuf row, int i) {
        int length = ends[i] - starts[i];
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return format.csv() ? (quoted[i] ? unquote(row, starts[i], ends[i]) : copy(row, starts[i], ends[i]))
                : unescapeText(row, starts[i], ends[i]);
    }

    /** The bytes of the field last {@link #unescape unescaped}. */
    byte[] scratch() {
        return scratch;
    }

    /** The field last unescaped, {@code length} bytes, as text. */
    String string(int length) {
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    private int copy(ByteBuf row, int start, int end) {
        row.getBytes(start, scratch, 0, end - start);
        return end - start;
    }

    private int unquote(ByteBuf row, int start, int end) {
        int n = 0;
        for (int p = start; p < end; p++) {
            byte b = row.getByte(p);
            if (b == format.escape() && p + 1 < end) {
                b = row.getByte(++p);
            }
            scratch[n++] = b;
        }
        return n;
    }

    /** COPY FROM's text escapes: {@code \b \f \n \r \t \v}, octal {@code \ddd}, hex {@code \xhh}, else the byte itself. */
    private int unescapeText(ByteBuf row, int start, int end) {
        int n = 0;
        int p = start;
        while (p < end) {
            byte b = row.getByte(p++);
            if (b != '\\' || p >= end) {
                scratch[n++] = b;
                continue;
            }
            byte c = row.getByte(p++);
            switch (c) {
                case 'b' -> scratch[n++] = '\b';
                case 'f' -> scratch[n++] = '\f';
                case 'n' -> scratch[n++] = '\n';
                case 'r' -> scratch[n++] = '\r';
                case 't' -> scratch[n++] = '\t';
                case 'v' -> scratch[n++] = 0x0b;
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && p < end && Character.digit(row.getByte(p), 16) >= 0) {
                        value = value * 16 + Character.digit(row.getByte(p++), 16);
                        digits++;
                    }
                    scratch[n++] = digits == 0 ? (byte) 'x' : (byte) value;
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int value = c - '0';
                        for (int digits = 1; digits < 3 && p < end && row.getByte(p) >= '0' && row.getByte(p) <= '7'; digits++) {
                            value = value * 8 + (row.getByte(p++) - '0');
                        }
                        scratch[n++] = (byte) value;
                    } else {
                        scratch[n++] = c;
                    }
                }
            }
        }
        return n;
    }

    /** Writes {@code value} as field {@code i} was written: the NULL marker for null, else escaped (CSV: quoted as needed). */
    void write(ByteBuf out, int i, String value) {
        if (value == null) {
            out.writeBytes(format.nullBytes());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (format.csv()) {
            writeCsv(out, bytes, quoted[i]);
        } else {
            writeText(out, bytes);
        }
    }

    /** As PostgreSQL's CopyAttributeOutText. */
    private void writeText(ByteBuf out, byte[] bytes) {
        for (byte b : bytes) {
            byte escaped = switch (b) {
                case '\b' -> 'b';
                case '\f' -> 'f';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                case 0x0b -> 'v';
                case '\\' -> '\\';
                default -> b == format.delimiter() ? b : 0;
            };
            if (escaped != 0) {
                out.writeByte('\\');
                out.writeByte(escaped);
            } else {
                out.writeByte(b);
            }
        }
    }

    /** As PostgreSQL's CopyAttributeOutCSV; a field that came quoted stays quoted (FORCE_QUOTE). */
    private void writeCsv(ByteBuf out, byte[] bytes, boolean wasQuoted) {
        boolean quote = wasQuoted || Arrays.equals(bytes, format.nullBytes())
                || (bytes.length == 2 && bytes[0] == '\\' && bytes[1] == '.');
        for (int k = 0; k < bytes.length && !quote; k++) {
            byte b = bytes[k];
            quote = b == format.delimiter() || b == format.quote() || b == '\n' || b == '\r';
        }
        if (!quote) {
            out.writeBytes(bytes);
            return;
        }
        out.writeByte(format.quote());
        for (byte b : bytes) {
            if (b == format.quote() || b == format.escape()) {
                out.writeByte(format.escape());
            }
            out.writeByte(b);
        }
        out.writeByte(format.quote());
    }
}
