package dev.sluice.policy.mask;

import java.util.Objects;

/**
 * Replaces the whole value with a fixed string ({@link #DEFAULT_REPLACEMENT} unless configured), or, with
 * {@code keepLength}, with one mask character per character of the value.
 */
public final class RedactMasker implements Masker {

    public static final String DEFAULT_REPLACEMENT = "****";
    public static final char DEFAULT_MASK_CHAR = '*';
    public static final RedactMasker DEFAULT = new RedactMasker(DEFAULT_REPLACEMENT, false, DEFAULT_MASK_CHAR);

    private final String replacement;
    private final boolean keepLength;
    private final char maskChar;
    private final MaskedValue fixed;

    public RedactMasker(String replacement, boolean keepLength, char maskChar) {
        this.replacement = Objects.requireNonNull(replacement, "replacement");
        this.keepLength = keepLength;
        this.maskChar = maskChar;
        this.fixed = MaskedValue.text(replacement);
    }

    @Override
    public String name() {
        return "redact";
    }

    @Override
    public MaskedValue mask(String value) {
        if (!keepLength) {
            return fixed;
        }
        return MaskedValue.text(String.valueOf(maskChar).repeat(value.codePointCount(0, value.length())));
    }

    @Override
    public boolean mayChangeLength() {
        return !keepLength;
    }

    public String replacement() {
        return replacement;
    }

    public boolean keepLength() {
        return keepLength;
    }
}
