package dev.sluice.policy.mask;

/** ASCII character classes and the boundary rules the built-in detectors share. */
final class Chars {

    private Chars() {}

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Letters and digits of any script, and underscore: what makes a match part of a longer word. */
    static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    static boolean isBase64Url(char c) {
        return isAsciiAlnum(c) || c == '-' || c == '_';
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Characters that join digits into one longer number: {@code 1.5}, {@code 2024-01}, {@code 3/4}. */
    private static boolean isNumberJoiner(char c) {
        return c == '.' || c == '-' || c == '/';
    }

    /** True when a number starting at {@code i} is not the continuation of a word or of a longer number. */
    static boolean numberStartsAt(CharSequence t, int i) {
        if (i == 0) {
            return true;
        }
        char p = t.charAt(i - 1);
        if (isWordChar(p)) {
            return false;
        }
        return !(isNumberJoiner(p) && i >= 2 && isDigit(t.charAt(i - 2)));
    }

    /** True when a number ending at {@code end} (exclusive) is not followed by more of a word or number. */
    static boolean numberEndsAt(CharSequence t, int end) {
        if (end == t.length()) {
            return true;
        }
        char n = t.charAt(end);
        if (isWordChar(n)) {
            return false;
        }
        return !(isNumberJoiner(n) && end + 1 < t.length() && isDigit(t.charAt(end + 1)));
    }

    static boolean wordStartsAt(CharSequence t, int i) {
        return i == 0 || !isWordChar(t.charAt(i - 1));
    }

    static boolean wordEndsAt(CharSequence t, int end) {
        return end == t.length() || !isWordChar(t.charAt(end));
    }

    static boolean regionMatches(CharSequence t, int at, String literal, boolean ignoreCase) {
        if (at < 0 || at + literal.length() > t.length()) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            char a = t.charAt(at + k);
            char b = literal.charAt(k);
            if (a != b && !(ignoreCase && lower(a) == lower(b))) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(CharSequence t, String literal, int from) {
        int last = t.length() - literal.length();
        char first = literal.charAt(0);
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (t.charAt(i) == first && regionMatches(t, i, literal, false)) {
                return i;
            }
        }
        return -1;
    }
}
