package dev.sluice.policy.sql;

import java.nio.charset.StandardCharsets;

/** Character classes and identifier rules of PostgreSQL's scanner. */
final class SqlChars {

    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    private SqlChars() {}

    static String foldCase(String identifier) {
        StringBuilder folded = new StringBuilder(identifier.length());
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    static String truncate(String identifier) {
        if (identifier.length() <= MAX_IDENTIFIER_BYTES / 3
                || identifier.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return identifier;
        }
        int bytes = 0;
        int i = 0;
        while (i < identifier.length()) {
            int cp = identifier.codePointAt(i);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + width > MAX_IDENTIFIER_BYTES) {
                break;
            }
            bytes += width;
            i += Character.charCount(cp);
        }
        return identifier.substring(0, i);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentContinue(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    static boolean isDollarTagStart(char c) {
        return isIdentStart(c);
    }

    static boolean isDollarTagContinue(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isOperatorChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }

    /**
     * Where the numeric constant starting at {@code start} ends, as PostgreSQL's scanner reads one: digits, an
     * optional fraction (not {@code ..}), an optional exponent.
     */
    static int numberEnd(String text, int start) {
        int p = start;
        int n = text.length();
        while (p < n && isDigit(text.charAt(p))) {
            p++;
        }
        if (p < n && text.charAt(p) == '.' && !(p + 1 < n && text.charAt(p + 1) == '.')) {
            p++;
            while (p < n && isDigit(text.charAt(p))) {
                p++;
            }
        }
        if (p < n && (text.charAt(p) == 'e' || text.charAt(p) == 'E')) {
            int q = p + 1;
            if (q < n && (text.charAt(q) == '+' || text.charAt(q) == '-')) {
                q++;
            }
            if (q < n && isDigit(text.charAt(q))) {
                p = q;
                while (p < n && isDigit(text.charAt(p))) {
                    p++;
                }
            }
        }
        return p;
    }

    /** End of the block comment starting at {@code from}, nested as PostgreSQL nests them, or -1 when it is not closed. */
    static int blockCommentEnd(String text, int from) {
        int n = text.length();
        int depth = 0;
        int p = from;
        while (p < n) {
            if (text.startsWith("/*", p)) {
                depth++;
                p += 2;
            } else if (text.startsWith("*/", p)) {
                depth--;
                p += 2;
                if (depth == 0) {
                    return p;
                }
            } else {
                p++;
            }
        }
        return -1;
    }
}
