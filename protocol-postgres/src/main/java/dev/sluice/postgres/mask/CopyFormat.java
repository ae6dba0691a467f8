package dev.sluice.postgres.mask;

import java.nio.charset.StandardCharsets;

/**
 * How a COPY OUT's rows are written: text or CSV with their delimiter, NULL marker, quote and escape bytes, and
 * whether the first row is a header. Only one-byte ASCII delimiter, quote and escape characters are accepted;
 * anything else is refused rather than guessed at.
 */
public record CopyFormat(Kind kind, byte delimiter, byte[] nullBytes, byte quote, byte escape, boolean header) {

    public enum Kind { TEXT, CSV, BINARY }

    static final CopyFormat BINARY = new CopyFormat(Kind.BINARY, (byte) 0, new byte[0], (byte) 0, (byte) 0, false);
    public static final CopyFormat TEXT = of(Kind.TEXT, null, null, null, null, false);
    public static final CopyFormat CSV = of(Kind.CSV, null, null, null, null, false);

    /**
     * The format PostgreSQL uses for these options; null options take PostgreSQL's defaults (text: tab and
     * {@code \N}; CSV: comma, empty string, double quote, escape = quote).
     *
     * @throws IllegalArgumentException saying which option cannot be handled
     */
    public static CopyFormat of(Kind kind, String delimiter, String nullString, String quote, String escape, boolean header) {
        boolean csv = kind == Kind.CSV;
        byte d = oneByte("DELIMITER", delimiter, csv ? ',' : '\t');
        byte q = oneByte("QUOTE", quote, '"');
        byte e = oneByte("ESCAPE", escape, (char) q);
        String nul = nullString != null ? nullString : csv ? "" : "\\N";
        if (d == '\n' || d == '\r' || (!csv && d == '\\') || (csv && (d == q))) {
            throw new IllegalArgumentException("the COPY delimiter cannot be parsed unambiguously");
        }
        return new CopyFormat(kind, d, nul.getBytes(StandardCharsets.UTF_8), q, e, header);
    }

    private static byte oneByte(String option, String value, char fallback) {
        if (value == null) {
            return (byte) fallback;
        }
        if (value.length() != 1 || value.charAt(0) >= 0x80) {
            throw new IllegalArgumentException("COPY " + option + " must be one ASCII character for Sluice to mask the output");
        }
        return (byte) value.charAt(0);
    }

    public boolean csv() {
        return kind == Kind.CSV;
    }
}
