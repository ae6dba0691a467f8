package dev.sluice.policy.mask;

/**
 * What one UTF-8 value contains, counted in one pass over its bytes before any {@code String} is built: digits,
 * upper-case letters and the punctuation the built-in detectors need. A detector's {@link Detector#mayMatch}
 * reads it to rule a value out cheaply. Counting bytes counts ASCII characters exactly: no byte of a multibyte
 * UTF-8 character is below 0x80. Reused for each value: one instance per thread.
 */
public final class ValueProfile {
    static final int DIGIT = 1;
    static final int UPPER = 2;
    static final int AT = 3;
    static final int DASH = 4;
    static final int DOT = 5;
    static final int COLON = 6;
    static final int EQUALS = 7;
    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASSES[c] = DIGIT;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] = UPPER;
        }
        CLASSES['@'] = AT;
        CLASSES['-'] = DASH;
        CLASSES['.'] = DOT;
        CLASSES[':'] = COLON;
        CLASSES['='] = EQUALS;
    }

    private final int[] counts = new int[8];
    private byte[] bytes;
    private int offset;
    private int length;

    /** Profiles {@code length} bytes of {@code utf8} from {@code offset}; the array must not change while in use. */
    public ValueProfile reset(byte[] utf8, int offset, int length) {
        int[] c = counts;
        c[DIGIT] = 0;
        c[UPPER] = 0;
        c[AT] = 0;
        c[DASH] = 0;
        c[DOT] = 0;
        c[COLON] = 0;
        c[EQUALS] = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            c[CLASSES[utf8[i] & 0xFF]]++;
        }
        this.bytes = utf8;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Length in bytes: at least the length in characters. */
    public int length() {
        return length;
    }

    public int digits() {
        return counts[DIGIT];
    }

    public int upperCase() {
        return counts[UPPER];
    }

    int count(int kind) {
        return counts[kind];
    }

    /** Whether the value holds {@code ascii} (compared in ASCII case-insensitively when asked). */
    public boolean contains(String ascii, boolean ignoreCase) {
        int n = ascii.length();
        for (int i = offset, last = offset + length - n; i <= last; i++) {
            int k = 0;
            while (k < n && same(bytes[i + k], ascii.charAt(k), ignoreCase)) {
                k++;
            }
            if (k == n) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(byte b, char c, boolean ignoreCase) {
        return b == c || (ignoreCase && b >= 0 && Chars.lower((char) b) == Chars.lower(c));
    }
}
