package dev.sluice.policy.mask;

/**
 * Masks the local part of an email address and keeps the domain, so the result is still shaped like an
 * address: {@code a***@example.com}, or with a hash masker {@code 3kq7d2mfx1ab@example.com} (still joins).
 * A value without a local part and a domain is redacted entirely.
 */
public final class EmailMasker implements Masker {

    public static final int DEFAULT_KEEP_FIRST = 1;
    private static final String HIDDEN = "***";

    private final int keepFirst;
    private final HashMasker localHash;

    private EmailMasker(int keepFirst, HashMasker localHash) {
        this.keepFirst = keepFirst;
        this.localHash = localHash;
    }

    /** Keeps the first {@code keepFirst} characters of the local part and replaces the rest with {@code ***}. */
    public static EmailMasker keepingFirst(int keepFirst) {
        if (keepFirst < 0) {
            throw new IllegalArgumentException("keep_first must not be negative");
        }
        return new EmailMasker(keepFirst, null);
    }

    /** Replaces the local part with a keyed hash of it (no prefix), keeping the domain. */
    public static EmailMasker hashingLocalPart(byte[] key, int length) {
        return new EmailMasker(0, new HashMasker(key, length, ""));
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public MaskedValue mask(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            return MaskedValue.text(RedactMasker.DEFAULT_REPLACEMENT);
        }
        String local = value.substring(0, at);
        String masked;
        if (localHash != null) {
            masked = localHash.hash(local);
        } else {
            int codePoints = local.codePointCount(0, local.length());
            int keep = Math.min(keepFirst, codePoints - 1);
            masked = local.substring(0, local.offsetByCodePoints(0, Math.max(keep, 0))) + HIDDEN;
        }
        return MaskedValue.text(masked + value.substring(at));
    }
}
