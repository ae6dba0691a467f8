package dev.sluice.policy;

/**
 * Glob matching without allocation, for the data path: {@code *} matches any run of characters (including none
 * and including {@code /}); every other character matches itself, letter case ignored when asked.
 */
final class Globs {
    private Globs() {}

    static boolean matches(String pattern, String text, boolean ignoreCase) {
        return matches(pattern, text, 0, ignoreCase);
    }

    /** Matches {@code pattern} against {@code text} from {@code from} to its end. */
    static boolean matches(String pattern, String text, int from, boolean ignoreCase) {
        int p = 0;
        int t = from;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (p < pattern.length() && same(pattern.charAt(p), text.charAt(t), ignoreCase)) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
