package dev.sluice.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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

    /** A member name that is not known in advance (a map's key): escaped, not redacted. */
    JsonLine name(String name) {
        separate();
        quoted(name);
        put((byte) ':');
        comma = false;
        return this;
    }

    /** A member name made by {@link #key}. */
    JsonLine name(byte[] key) {
        separate();
        raw(key, 0, key.length);
        comma = false;
        return this;
    }

    /** A constant member name as the bytes {@link #name(byte[])} writes: {@code "name":}. */
    static byte[] key(String name) {
        JsonLine json = new JsonLine();
        json.name(name);
        return Arrays.copyOf(json.bytes, json.size);
    }

    JsonLine value(String text) {
        separate();
        if (text == null) {
            ascii("null");
        } else {
            quoted(Redaction.mayHoldToken(text) ? Redaction.redact(text) : text);
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
     * {@code text} quoted, as UTF-8 (a lone surrogate, which UTF-8 cannot hold, becomes {@code ?}); only quotes,
     * backslashes and control characters are escaped. Encoding first and copying runs of bytes is much faster than
     * going character by character.
     */
    private void quoted(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 2);
        bytes[size++] = '"';
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if ((b >= 0 && b < 0x20) || b == '"' || b == '\\') {
                raw(utf8, from, i - from);
                escape(b);
                from = i + 1;
            }
        }
        raw(utf8, from, utf8.length - from);
        put((byte) '"');
    }

    private void escape(byte b) {
        switch (b) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            default -> {
                ascii("\\u00");
                put(HEX[b >> 4]);
                put(HEX[b & 0xf]);
            }
        }
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
