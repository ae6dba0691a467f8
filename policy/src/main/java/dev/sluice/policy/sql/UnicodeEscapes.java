package dev.sluice.policy.sql;

/** Decodes {@code U&} escapes; a malformed escape is a scanning error, as it is for the server. */
final class UnicodeEscapes {
    private UnicodeEscapes() {}

    static String decode(String raw, char escape, int position) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
            } else if (i + 1 < raw.length() && raw.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
            } else {
                boolean wide = i + 1 < raw.length() && raw.charAt(i + 1) == '+';
                int from = wide ? i + 2 : i + 1;
                int width = wide ? 6 : 4;
                if (from + width > raw.length() || !hex(raw, from, from + width)) {
                    throw new LexFailure("invalid Unicode escape", position);
                }
                appendCodePoint(out, Long.parseLong(raw.substring(from, from + width), 16), position);
                i = from + width;
            }
        }
        return out.toString();
    }

    static void appendCodePoint(StringBuilder out, long codePoint, int position) {
        if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT) {
            throw new LexFailure("invalid Unicode escape value", position);
        }
        out.appendCodePoint((int) codePoint);
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
