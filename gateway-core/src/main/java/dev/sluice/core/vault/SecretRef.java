package dev.sluice.core.vault;

/**
 * Where a secret is kept, as written in configuration: {@code env:NAME} or {@code file:PATH}. Holds the
 * location only, so it is safe to print.
 */
public record SecretRef(Kind kind, String location) {
    public enum Kind { ENV, FILE }

    public static SecretRef parse(String text) {
        if (text != null && text.startsWith("env:") && text.length() > 4) {
            return new SecretRef(Kind.ENV, text.substring(4));
        }
        if (text != null && text.startsWith("file:") && text.length() > 5) {
            return new SecretRef(Kind.FILE, text.substring(5));
        }
        throw new IllegalArgumentException("a secret must be referenced as env:NAME or file:PATH, not written inline");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location;
    }
}
