package dev.sluice.policy.mask;

/**
 * Keeps the first {@code keepFirst} and last {@code keepLast} characters (code points) and replaces the rest
 * with the mask character: {@code ************4242}. A value too short to hide anything between the kept
 * ends is masked entirely, so a short value never comes out whole.
 */
public final class PartialMasker implements Masker {

    private final int keepFirst;
    private final int keepLast;
    private final char maskChar;

    public PartialMasker(int keepFirst, int keepLast, char maskChar) {
        if (keepFirst < 0 || keepLast < 0) {
            throw new IllegalArgumentException("keep_first and keep_last must not be negative");
        }
        this.keepFirst = keepFirst;
        this.keepLast = keepLast;
        this.maskChar = maskChar;
    }

    @Override
    public String name() {
        return "partial";
    }

    @Override
    public MaskedValue mask(String value) {
        int codePoints = value.codePointCount(0, value.length());
        StringBuilder out = new StringBuilder(value.length());
        if (codePoints <= keepFirst + keepLast) {
            return MaskedValue.text(out.append(String.valueOf(maskChar).repeat(codePoints)).toString());
        }
        int headEnd = value.offsetByCodePoints(0, keepFirst);
        int tailStart = value.offsetByCodePoints(value.length(), -keepLast);
        out.append(value, 0, headEnd);
        for (int k = keepFirst + keepLast; k < codePoints; k++) {
            out.append(maskChar);
        }
        out.append(value, tailStart, value.length());
        return MaskedValue.text(out.toString());
    }

    @Override
    public boolean mayChangeLength() {
        return false;
    }

    public int keepFirst() {
        return keepFirst;
    }

    public int keepLast() {
        return keepLast;
    }
}
