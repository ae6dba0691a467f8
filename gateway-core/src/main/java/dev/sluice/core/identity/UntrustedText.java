package dev.sluice.core.identity;

/**
 * Quotes text taken from an unverified token (an issuer, a key id, an algorithm name) for an error message:
 * control characters are replaced and length is bounded, so a crafted token cannot forge log lines or bloat
 * replies.
 */
final class UntrustedText {
    static final int MAX_LENGTH = 120;

    private UntrustedText() {
    }

    static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 3));
        for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (text.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }
}
