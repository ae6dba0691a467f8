package dev.sluice.policy.mask;

/**
 * US Social Security numbers in their written form {@code AAA-GG-SSSS}, excluding numbers never issued: area
 * 000, 666 or 900-999, group 00, serial 0000. Nine digits without dashes are not matched: too many other
 * numbers look the same.
 */
final class UsSsnDetector implements Detector {

    static final UsSsnDetector INSTANCE = new UsSsnDetector();

    private UsSsnDetector() {}

    @Override
    public String name() {
        return "us_ssn";
    }

    /** Needs nine digits and two dashes. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.digits() >= 9 && p.count(ValueProfile.DASH) >= 2;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int last = t.length() - 11;
        for (int i = 0; i <= last; i++) {
            if (shapeAt(t, i) && Chars.numberStartsAt(t, i) && Chars.numberEndsAt(t, i + 11) && issuable(t, i)) {
                sink.match(i, i + 11);
                i += 10;
            }
        }
    }

    private static boolean shapeAt(CharSequence t, int i) {
        for (int k = 0; k < 11; k++) {
            char c = t.charAt(i + k);
            boolean ok = k == 3 || k == 6 ? c == '-' : Chars.isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean issuable(CharSequence t, int i) {
        int area = number(t, i, 3);
        int group = number(t, i + 4, 2);
        int serial = number(t, i + 7, 4);
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    private static int number(CharSequence t, int from, int digits) {
        int value = 0;
        for (int k = 0; k < digits; k++) {
            value = value * 10 + (t.charAt(from + k) - '0');
        }
        return value;
    }
}
