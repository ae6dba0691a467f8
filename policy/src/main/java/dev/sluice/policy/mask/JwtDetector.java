package dev.sluice.policy.mask;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * JSON Web Tokens in compact form: three base64url segments (JWS; five for JWE) separated by dots, whose
 * header decodes to a JSON object with an {@code "alg"} member and whose payload decodes as base64url. Other
 * dotted base64 strings are not matched.
 */
final class JwtDetector implements Detector {

    static final JwtDetector INSTANCE = new JwtDetector();

    private JwtDetector() {}

    @Override
    public String name() {
        return "jwt";
    }

    /** Needs a token starts with {@code ey} and has two dots. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.count(ValueProfile.DOT) >= 2 && p.contains("ey", false);
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        for (int i = 0; i + 1 < n; i++) {
            if (t.charAt(i) != 'e' || t.charAt(i + 1) != 'y' || (i > 0 && continuesToken(t.charAt(i - 1)))) {
                continue;
            }
            int end = tokenEnd(t, i);
            if (end > 0) {
                sink.match(i, end);
                i = end - 1;
            }
        }
    }

    private static boolean continuesToken(char c) {
        return Chars.isBase64Url(c) || c == '.';
    }

    private static int tokenEnd(CharSequence t, int start) {
        int n = t.length();
        int headerEnd = segmentEnd(t, start);
        if (headerEnd >= n || t.charAt(headerEnd) != '.') {
            return -1;
        }
        int payloadEnd = segmentEnd(t, headerEnd + 1);
        if (payloadEnd - headerEnd - 1 < 2 || payloadEnd >= n || t.charAt(payloadEnd) != '.') {
            return -1;
        }
        int end = segmentEnd(t, payloadEnd + 1);
        int segments = 3;
        while (end + 1 < n && t.charAt(end) == '.' && Chars.isBase64Url(t.charAt(end + 1)) && segments < 5) {
            end = segmentEnd(t, end + 1);
            segments++;
        }
        if (segments == 4 || (end < n && Chars.isWordChar(t.charAt(end)))) {
            return -1;
        }
        String header = decode(t, start, headerEnd);
        if (header == null || !isJsonObjectWithAlg(header)
                || (segments == 3 && decode(t, headerEnd + 1, payloadEnd) == null)) {
            return -1;
        }
        return end;
    }

    private static int segmentEnd(CharSequence t, int i) {
        while (i < t.length() && Chars.isBase64Url(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String decode(CharSequence t, int start, int end) {
        if ((end - start) % 4 == 1) {
            return null;
        }
        byte[] ascii = new byte[end - start];
        for (int i = start; i < end; i++) {
            ascii[i - start] = (byte) t.charAt(i);
        }
        try {
            return new String(Base64.getUrlDecoder().decode(ascii), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isJsonObjectWithAlg(String json) {
        String trimmed = json.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return false;
        }
        int at = trimmed.indexOf("\"alg\"");
        if (at < 0) {
            return false;
        }
        int i = at + 5;
        while (i < trimmed.length() && Character.isWhitespace(trimmed.charAt(i))) {
            i++;
        }
        return i < trimmed.length() && trimmed.charAt(i) == ':';
    }
}
