package dev.sluice.policy.mask;

/**
 * {@code Bearer <token>} as in an HTTP Authorization header (the scheme in any case, then spaces, then an
 * RFC 6750 token of at least {@link #MIN_TOKEN_LENGTH} characters). The span is the token; the word
 * {@code Bearer} stays readable. Shorter tokens are not matched, so prose ("bearer of the bond",
 * {@code Bearer realm=...}) is not.
 */
final class BearerTokenDetector implements Detector {

    static final BearerTokenDetector INSTANCE = new BearerTokenDetector();
    static final int MIN_TOKEN_LENGTH = 16;

    private BearerTokenDetector() {}

    @Override
    public String name() {
        return "bearer_token";
    }

    /** Needs the word bearer, any case. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.length() >= 6 + 1 + MIN_TOKEN_LENGTH && p.contains("bearer", true);
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        for (int i = 0; i + 7 < t.length(); i++) {
            int tokenStart = tokenStart(t, i);
            if (tokenStart < 0) {
                continue;
            }
            int end = tokenEnd(t, tokenStart);
            if (end > 0) {
                sink.match(tokenStart, end);
                i = end - 1;
            }
        }
    }

    @Override
    public boolean matchesWhole(String value) {
        int tokenStart = tokenStart(value, 0);
        return tokenStart > 0 && tokenEnd(value, tokenStart) == value.length();
    }

    private static int tokenStart(CharSequence t, int i) {
        if (!Chars.regionMatches(t, i, "bearer", true) || !Chars.wordStartsAt(t, i)) {
            return -1;
        }
        int p = i + 6;
        int spaceStart = p;
        while (p < t.length() && (t.charAt(p) == ' ' || t.charAt(p) == '\t')) {
            p++;
        }
        return p > spaceStart ? p : -1;
    }

    private static int tokenEnd(CharSequence t, int start) {
        int n = t.length();
        int i = start;
        while (i < n && isTokenChar(t.charAt(i))) {
            i++;
        }
        int length = i - start;
        while (i < n && t.charAt(i) == '=') {
            i++;
        }
        if (length < MIN_TOKEN_LENGTH || (i < n && (isTokenChar(t.charAt(i)) || Chars.isWordChar(t.charAt(i))))) {
            return -1;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
