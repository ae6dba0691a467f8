package dev.sluice.policy.mask;

/**
 * Payment card numbers: 13 to 19 digits passing the Luhn check, written either as one run of digits or in
 * groups separated consistently by single spaces or dashes, the first group of four digits (4-4-4-4, 4-6-5,
 * 4-4-4-4-3). With {@code requireKnownIssuer}, the number must also start with an issuer prefix of a major
 * network (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro).
 */
final class CardDetector implements Detector {

    static final CardDetector KNOWN_ISSUERS = new CardDetector(true);

    private final boolean requireKnownIssuer;

    CardDetector(boolean requireKnownIssuer) {
        this.requireKnownIssuer = requireKnownIssuer;
    }

    @Override
    public String name() {
        return "card";
    }

    /** Needs at least 13 digits. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.digits() >= 13;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        int i = 0;
        while (i < n) {
            if (!Chars.isDigit(t.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            int runEnd = runEnd(t, i);
            if (Chars.numberStartsAt(t, runStart) && Chars.numberEndsAt(t, runEnd)) {
                scanRun(t, runStart, runEnd, sink);
            }
            i = runEnd;
        }
    }

    /** Digits joined by single spaces or dashes. */
    private static int runEnd(CharSequence t, int i) {
        int n = t.length();
        while (true) {
            while (i < n && Chars.isDigit(t.charAt(i))) {
                i++;
            }
            if (i + 1 < n && (t.charAt(i) == ' ' || t.charAt(i) == '-') && Chars.isDigit(t.charAt(i + 1))) {
                i++;
            } else {
                return i;
            }
        }
    }

    /** A run may hold several space-separated numbers; a card may start at the run or after a space. */
    private void scanRun(CharSequence t, int runStart, int runEnd, MatchSink sink) {
        int pos = runStart;
        while (pos < runEnd) {
            int end = cardAt(t, pos, runEnd);
            if (end > 0) {
                sink.match(pos, end);
                pos = end;
            } else {
                while (pos < runEnd && Chars.isDigit(t.charAt(pos))) {
                    pos++;
                }
            }
            while (pos < runEnd && t.charAt(pos) == '-') {
                pos = skipGroup(t, pos + 1, runEnd);
            }
            if (pos < runEnd) {
                pos++;
            }
        }
    }

    private static int skipGroup(CharSequence t, int pos, int runEnd) {
        while (pos < runEnd && Chars.isDigit(t.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** End of the longest valid card starting at {@code pos}, or -1. */
    private int cardAt(CharSequence t, int pos, int runEnd) {
        int firstEnd = skipGroup(t, pos, runEnd);
        int firstLength = firstEnd - pos;
        if (firstLength >= 13 && firstLength <= 19) {
            boolean standsAlone = firstEnd == runEnd || t.charAt(firstEnd) == ' ';
            return standsAlone && valid(t, pos, firstEnd) ? firstEnd : -1;
        }
        if (firstLength != 4) {
            return -1;
        }
        char separator = t.charAt(firstEnd < runEnd ? firstEnd : pos);
        int digits = 4;
        int best = -1;
        int p = firstEnd;
        while (p < runEnd && t.charAt(p) == separator) {
            int groupEnd = skipGroup(t, p + 1, runEnd);
            int length = groupEnd - p - 1;
            digits += length;
            if (length < 3 || length > 6 || digits > 19) {
                break;
            }
            if (digits >= 13 && (groupEnd == runEnd || t.charAt(groupEnd) == ' ') && valid(t, pos, groupEnd)) {
                best = groupEnd;
            }
            p = groupEnd;
        }
        return best;
    }

    private boolean valid(CharSequence t, int start, int end) {
        return luhn(t, start, end) && (!requireKnownIssuer || knownIssuer(t, start, end));
    }

    static boolean luhn(CharSequence t, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = t.charAt(i);
            if (!Chars.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static boolean knownIssuer(CharSequence t, int start, int end) {
        int prefix = 0;
        int digits = 0;
        for (int i = start; i < end && digits < 4; i++) {
            char c = t.charAt(i);
            if (Chars.isDigit(c)) {
                prefix = prefix * 10 + (c - '0');
                digits++;
            }
        }
        int two = prefix / 100;
        int three = prefix / 10;
        return two / 10 == 4
                || (two >= 51 && two <= 55) || (prefix >= 2221 && prefix <= 2720)
                || two == 34 || two == 37
                || (three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39
                || (prefix >= 3528 && prefix <= 3589)
                || two == 50 || (two >= 56 && two <= 69);
    }
}
