package dev.sluice.policy.mask;

import java.util.List;

/**
 * Secrets written as a named value: {@code password=hunter2}, {@code "api_key": "abc"},
 * {@code DB_PASSWORD: s3cret}, {@code ?token=abc&x=1}. The key is an identifier ending (in any case) with
 * one of {@link #KEY_SUFFIXES}, optionally quoted, followed by {@code =} or {@code :}. The span is the value
 * only: inside its quotes when quoted (to the end of the line if the quote is never closed), otherwise up
 * to whitespace or one of {@code , ; & ) ] }}. Comparisons ({@code ==}, {@code !=}, {@code >=}), URLs'
 * {@code ://} and {@code ::} are not assignments, and keys such as {@code password_hash} or
 * {@code token_type} do not end with a listed suffix.
 */
final class SecretAssignmentDetector implements Detector {

    static final SecretAssignmentDetector INSTANCE = new SecretAssignmentDetector();

    static final List<String> KEY_SUFFIXES = List.of(
            "password", "passwd", "pwd", "passphrase", "secret", "token", "api_key", "apikey", "api-key",
            "access_key", "secret_key", "secretkey", "private_key", "credentials");

    private SecretAssignmentDetector() {}

    @Override
    public String name() {
        return "secret_assignment";
    }

    /** Needs an = or : separator. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.count(ValueProfile.EQUALS) + p.count(ValueProfile.COLON) > 0;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        scan(t, sink, false);
    }

    @Override
    public boolean matchesWhole(String value) {
        boolean[] whole = {false};
        scan(value, (start, end) -> whole[0] = true, true);
        return whole[0];
    }

    /** With {@code wholeOnly}, reports only an assignment that is the entire text. */
    private static void scan(CharSequence t, MatchSink sink, boolean wholeOnly) {
        int n = t.length();
        for (int i = 1; i < n; i++) {
            char c = t.charAt(i);
            if ((c != '=' && c != ':') || !isAssignment(t, i)) {
                continue;
            }
            int keyStart = keyStart(t, i);
            if (keyStart < 0 || (wholeOnly && keyStart != 0)) {
                continue;
            }
            int valueStart = i + 1;
            while (valueStart < n && (t.charAt(valueStart) == ' ' || t.charAt(valueStart) == '\t')) {
                valueStart++;
            }
            if (valueStart >= n) {
                continue;
            }
            char quote = t.charAt(valueStart);
            int start;
            int end;
            int after;
            if (quote == '"' || quote == '\'') {
                start = valueStart + 1;
                end = closingQuote(t, start, quote);
                after = end < n && t.charAt(end) == quote ? end + 1 : end;
            } else {
                start = valueStart;
                end = start;
                while (end < n && !endsUnquoted(t.charAt(end))) {
                    end++;
                }
                after = end;
            }
            if (end == start || (wholeOnly && after != n)) {
                continue;
            }
            sink.match(start, end);
            i = after;
        }
    }

    private static boolean isAssignment(CharSequence t, int i) {
        char c = t.charAt(i);
        char previous = t.charAt(i - 1);
        char next = i + 1 < t.length() ? t.charAt(i + 1) : ' ';
        if (c == '=') {
            return next != '=' && previous != '=' && previous != '!' && previous != '<' && previous != '>';
        }
        return next != '/' && next != ':' && previous != ':';
    }

    /** Start of the key (or of its opening quote) before the separator at {@code separator}, or -1. */
    private static int keyStart(CharSequence t, int separator) {
        int j = separator - 1;
        while (j >= 0 && (t.charAt(j) == ' ' || t.charAt(j) == '\t')) {
            j--;
        }
        char quote = j >= 0 && (t.charAt(j) == '"' || t.charAt(j) == '\'') ? t.charAt(j) : 0;
        if (quote != 0) {
            j--;
        }
        int keyEnd = j + 1;
        while (j >= 0 && isKeyChar(t.charAt(j))) {
            j--;
        }
        int keyStart = j + 1;
        if (keyStart == keyEnd || !endsWithSuffix(t, keyStart, keyEnd)) {
            return -1;
        }
        if (quote != 0) {
            return j >= 0 && t.charAt(j) == quote ? j : -1;
        }
        return keyStart;
    }

    private static boolean isKeyChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.';
    }

    private static boolean endsWithSuffix(CharSequence t, int start, int end) {
        for (String suffix : KEY_SUFFIXES) {
            if (end - start >= suffix.length() && Chars.regionMatches(t, end - suffix.length(), suffix, true)) {
                return true;
            }
        }
        return false;
    }

    private static int closingQuote(CharSequence t, int i, char quote) {
        int n = t.length();
        while (i < n) {
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i += 2;
                continue;
            }
            if (c == quote || c == '\n' || c == '\r') {
                return i;
            }
            i++;
        }
        return n;
    }

    private static boolean endsUnquoted(char c) {
        return Character.isWhitespace(c) || c == ',' || c == ';' || c == '&' || c == ')' || c == ']' || c == '}';
    }
}
