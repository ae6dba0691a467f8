package dev.sluice.policy.mask;

/**
 * AWS access key ids: {@code AKIA} (long-term) or {@code ASIA} (temporary) and 16 upper-case letters or
 * digits, standing alone. Secret access keys have no recognisable shape; {@code secret_assignment} finds
 * them by their name.
 */
final class AwsAccessKeyDetector implements Detector {

    static final AwsAccessKeyDetector INSTANCE = new AwsAccessKeyDetector();

    private AwsAccessKeyDetector() {}

    @Override
    public String name() {
        return "aws_access_key";
    }

    /** Needs 20 upper-case characters or digits starting AKIA or ASIA. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.upperCase() >= 4 && p.length() >= 20 && (p.contains("AKIA", false) || p.contains("ASIA", false));
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int last = t.length() - 20;
        for (int i = 0; i <= last; i++) {
            if (t.charAt(i) == 'A' && t.charAt(i + 2) == 'I' && t.charAt(i + 3) == 'A'
                    && (t.charAt(i + 1) == 'K' || t.charAt(i + 1) == 'S')
                    && Chars.wordStartsAt(t, i) && Chars.wordEndsAt(t, i + 20) && keyBody(t, i + 4)) {
                sink.match(i, i + 20);
                i += 19;
            }
        }
    }

    private static boolean keyBody(CharSequence t, int from) {
        for (int i = from; i < from + 16; i++) {
            char c = t.charAt(i);
            if (!Chars.isUpper(c) && !Chars.isDigit(c)) {
                return false;
            }
        }
        return true;
    }
}
