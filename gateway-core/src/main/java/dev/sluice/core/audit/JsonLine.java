package dev.sluice.core.audit;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A growable byte buffer that JSON is written into directly as UTF-8, for the writer thread's hot path: no tree, no
 * intermediate String, one buffer reused for every line of a recording's batch. Every string value goes through
 * {@link Redaction#redact}. What it writes is plain JSON that any parser reads; verifying hashes the bytes as
 * written, so nothing depends on how this class chooses to format.
 */
final class JsonLine {
    /** A buffer grown past this by one large batch is given back after the batch is written. */
    static final int KEEP_CAPACITY = 64 * 1024;
    private static final int INITIAL_CAPACITY = 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int size;
    /** Whether the next member or element needs a comma before it. */
    private boolean comma;
    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] cachedSecondText = new byte[32];
    private int cachedSecondLength;

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    /** Drops everything from {@code mark} on: a line that failed half-way is not kept. */
    void truncate(int mark) {
        size = mark;
        comma = false;
    }

    /** Ends the line's outer object and the line: the next line starts afresh. */
    void endLine() {
        ascii("}\n");
        comma = false;
    }

    boolean isEmpty() {
        return size == 0;
    }

    ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** Empties the buffer after a write, giving back memory a burst grew it to. */
    void clear() {
        size = 0;
        comma = false;
        if (bytes.length > KEEP_CAPACITY) {
            bytes = new byte[INITIAL_CAPACITY];
        }
    }

    JsonLine beginObject() {
        separate();
        put((byte) '{');
        comma = false;
        return this;
    }

    JsonLine endObject() {
        put((byte) '}');
        comma = true;
        return this;
    }

    JsonLine beginArray() {
        separate();
        put((byte) '[');
        comma = false;
        return this;
    }

    JsonLine endArray() {
        put((byte) ']');
        comma = true;
        return this;
    }

    /** A member name; {@code name} is a plain ASCII constant or a key that is escaped like any string. */
    JsonLine name(String name) {
        separate();
        quoted(name, false);
        put((byte) ':');
        comma = false;
        return this;
    }

    JsonLine value(String text) {
        separate();
        if (text == null) {
            ascii("null");
        } else {
            int mark = size;
            if (quoted(text, true)) {
                size = mark;
                quoted(Redaction.redact(text), false);
            }
        }
        comma = true;
        return this;
    }

    JsonLine value(long number) {
        separate();
        if (number == Long.MIN_VALUE) {
            ascii(Long.toString(number));
        } else {
            if (number < 0) {
                put((byte) '-');
                number = -number;
            }
            digits(number);
        }
        comma = true;
        return this;
    }

    JsonLine value(boolean flag) {
        separate();
        ascii(flag ? "true" : "false");
        comma = true;
        return this;
    }

    /** A string of {@code length} plain ASCII bytes that need no escaping and no redaction: a hash. */
    JsonLine asciiValue(byte[] ascii, int length) {
        separate();
        put((byte) '"');
        raw(ascii, 0, length);
        put((byte) '"');
        comma = true;
        return this;
    }

    /** An instant as {@link Instant#toString()} writes it; the date and time of day are reused within a second. */
    JsonLine value(Instant at) {
        if (at == null) {
            return value((String) null);
        }
        separate();
        put((byte) '"');
        if (at.getEpochSecond() != cachedSecond) {
            String whole = Instant.ofEpochSecond(at.getEpochSecond()).toString();
            cachedSecondLength = whole.length() - 1;
            for (int i = 0; i < cachedSecondLength; i++) {
                cachedSecondText[i] = (byte) whole.charAt(i);
            }
            cachedSecond = at.getEpochSecond();
        }
        ensure(cachedSecondLength + 12);
        System.arraycopy(cachedSecondText, 0, bytes, size, cachedSecondLength);
        size += cachedSecondLength;
        int nanos = at.getNano();
        if (nanos > 0) {
            put((byte) '.');
            if (nanos % 1_000_000 == 0) {
                fixedDigits(nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                fixedDigits(nanos / 1000, 6);
            } else {
                fixedDigits(nanos, 9);
            }
        }
        put((byte) 'Z');
        put((byte) '"');
        comma = true;
        return this;
    }

    JsonLine strings(List<String> values) {
        beginArray();
        for (String value : values) {
            value(value);
        }
        return endArray();
    }

    JsonLine counts(Map<String, Long> values) {
        beginObject();
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            name(entry.getKey()).value(entry.getValue());
        }
        return endObject();
    }

    /** Bytes copied as they are: already valid JSON or ASCII inside a string the caller opened. */
    JsonLine raw(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** Plain ASCII text copied as is (constants only: nothing is escaped). */
    JsonLine ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Lower-case hex of {@code digest} into {@code into} (64 bytes for SHA-256). */
    static void hex(byte[] digest, byte[] into) {
        for (int i = 0; i < digest.length; i++) {
            into[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            into[2 * i + 1] = HEX[digest[i] & 0xf];
        }
    }

    private void separate() {
        if (comma) {
            put((byte) ',');
        }
    }

    /**
     * Writes {@code text} quoted and escaped; with {@code findTokens}, also looks, in the same pass, for where a
     * token {@link Redaction#redact} would remove could start ({@code eyJ}, {@code bearer} in any case).
     *
     * @return whether such a start was seen: the caller writes the redacted text instead
     */
    private boolean quoted(String text, boolean findTokens) {
        int length = text.length();
        boolean mayHoldToken = false;
        ensure(length + 2);
        bytes[size++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (size == bytes.length) {
                    ensure(length - i + 1);
                }
                bytes[size++] = (byte) c;
                if (findTokens && (c == 'e' || c == 'b' || c == 'B') && !mayHoldToken) {
                    mayHoldToken = c == 'e' ? text.startsWith("eyJ", i) : text.regionMatches(true, i, "bearer", 0, 6);
                }
            } else {
                escaped(text, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
            }
        }
        put((byte) '"');
        return mayHoldToken;
    }

    /** One character that is not plain printable ASCII: an escape, or its UTF-8 bytes. */
    private void escaped(String text, int i, char c) {
        ensure(6);
        switch (c) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            default -> {
                if (c < 0x20) {
                    ascii("\\u00");
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xf]);
                } else if (c < 0x800) {
                    put((byte) (0xc0 | (c >> 6)));
                    put((byte) (0x80 | (c & 0x3f)));
                } else if (Character.isSurrogate(c)) {
                    int codePoint = Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))
                            ? Character.toCodePoint(c, text.charAt(i + 1)) : 0xfffd;
                    if (codePoint == 0xfffd) {
                        threeBytes(codePoint);
                    } else {
                        put((byte) (0xf0 | (codePoint >> 18)));
                        put((byte) (0x80 | ((codePoint >> 12) & 0x3f)));
                        put((byte) (0x80 | ((codePoint >> 6) & 0x3f)));
                        put((byte) (0x80 | (codePoint & 0x3f)));
                    }
                } else {
                    threeBytes(c);
                }
            }
        }
    }

    private void threeBytes(int c) {
        put((byte) (0xe0 | (c >> 12)));
        put((byte) (0x80 | ((c >> 6) & 0x3f)));
        put((byte) (0x80 | (c & 0x3f)));
    }

    private void digits(long number) {
        ensure(20);
        if (number < 10) {
            bytes[size++] = (byte) ('0' + number);
            return;
        }
        int start = size;
        while (number > 0) {
            bytes[size++] = (byte) ('0' + number % 10);
            number /= 10;
        }
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
    }

    private void fixedDigits(int number, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[size + i] = (byte) ('0' + number % 10);
            number /= 10;
        }
        size += width;
    }

    private void put(byte b) {
        if (size == bytes.length) {
            ensure(1);
        }
        bytes[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
