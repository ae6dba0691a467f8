package dev.sluice.policy.mask;

/**
 * Email addresses as applications store them: an ASCII local part of letters, digits and {@code . _ % + -}
 * (not starting or ending with a dot, no two dots in a row) and a domain of at least two labels whose last
 * label is alphabetic. Quoted local parts, IP-literal domains and non-ASCII domains are not matched.
 */
final class EmailDetector implements Detector {

    static final EmailDetector INSTANCE = new EmailDetector();

    private EmailDetector() {}

    @Override
    public String name() {
        return "email";
    }

    /** Needs an address needs its @. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.count(ValueProfile.AT) > 0;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        int from = 0;
        for (int at = 0; at < n; at++) {
            if (t.charAt(at) != '@' || at < from) {
                continue;
            }
            int start = at;
            while (start > from && isLocalChar(t.charAt(start - 1))) {
                start--;
            }
            while (start < at && t.charAt(start) == '.') {
                start++;
            }
            if (start == at || !validLocal(t, start, at)) {
                continue;
            }
            int end = domainEnd(t, at + 1);
            if (end < 0 || (end < n && (t.charAt(end) == '@' || Chars.isWordChar(t.charAt(end))))) {
                continue;
            }
            sink.match(start, end);
            from = end;
            at = end - 1;
        }
    }

    private static boolean isLocalChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean validLocal(CharSequence t, int start, int end) {
        if (t.charAt(end - 1) == '.' || end - start > 64) {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            if (t.charAt(i) == '.' && t.charAt(i - 1) == '.') {
                return false;
            }
        }
        return true;
    }

    /** End of a valid domain starting at {@code i}, or -1. */
    static int domainEnd(CharSequence t, int i) {
        int n = t.length();
        int labels = 0;
        int end = -1;
        boolean lastAlpha = false;
        int lastLength = 0;
        while (i < n) {
            int labelStart = i;
            boolean alpha = true;
            while (i < n && (Chars.isAsciiAlnum(t.charAt(i)) || t.charAt(i) == '-')) {
                alpha &= Chars.isAsciiLetter(t.charAt(i));
                i++;
            }
            int length = i - labelStart;
            if (length == 0 || length > 63 || t.charAt(labelStart) == '-' || t.charAt(i - 1) == '-') {
                break;
            }
            labels++;
            end = i;
            lastAlpha = alpha;
            lastLength = length;
            if (i + 1 < n && t.charAt(i) == '.' && Chars.isAsciiAlnum(t.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return labels >= 2 && lastAlpha && lastLength >= 2 ? end : -1;
    }
}
