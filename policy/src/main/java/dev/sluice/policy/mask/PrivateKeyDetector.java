package dev.sluice.policy.mask;

/**
 * PEM private key blocks: from {@code -----BEGIN <label>PRIVATE KEY-----} (RSA, EC, DSA, OPENSSH,
 * ENCRYPTED, or none) through the matching {@code -----END ...-----} line. A block without its END line (a
 * truncated value) is matched to the end of the text. Certificates and public keys are not matched.
 */
final class PrivateKeyDetector implements Detector {

    static final PrivateKeyDetector INSTANCE = new PrivateKeyDetector();
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PrivateKeyDetector() {}

    @Override
    public String name() {
        return "private_key";
    }

    /** Needs the BEGIN line. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.count(ValueProfile.DASH) >= 10 && p.contains(BEGIN, false);
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int from = 0;
        while (true) {
            int begin = Chars.indexOf(t, BEGIN, from);
            if (begin < 0) {
                return;
            }
            int labelEnd = Chars.indexOf(t, DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                return;
            }
            if (!isPrivateKeyLabel(t, begin + BEGIN.length(), labelEnd)) {
                from = labelEnd;
                continue;
            }
            int end = Chars.indexOf(t, END, labelEnd + DASHES.length());
            int close = end < 0 ? -1 : Chars.indexOf(t, DASHES, end + END.length());
            int blockEnd = close < 0 ? t.length() : close + DASHES.length();
            sink.match(begin, blockEnd);
            from = blockEnd;
        }
    }

    private static boolean isPrivateKeyLabel(CharSequence t, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            if (!Chars.isUpper(c) && !Chars.isDigit(c) && c != ' ') {
                return false;
            }
        }
        return Chars.regionMatches(t, end - "PRIVATE KEY".length(), "PRIVATE KEY", false)
                && end - "PRIVATE KEY".length() >= start;
    }
}
