package dev.sluice.policy.mask;

/**
 * Dotted-quad IPv4 addresses: four decimal octets 0-255 without leading zeros, not part of a longer dotted
 * number. A four-part version number such as {@code 1.2.3.4} has the same shape and is matched.
 */
final class Ipv4Detector implements Detector {

    static final Ipv4Detector INSTANCE = new Ipv4Detector();

    private Ipv4Detector() {}

    @Override
    public String name() {
        return "ipv4";
    }

    /** Needs four octets joined by three dots. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.digits() >= 4 && p.count(ValueProfile.DOT) >= 3;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        for (int i = 0; i < n; i++) {
            if (!Chars.isDigit(t.charAt(i)) || !startsHere(t, i)) {
                continue;
            }
            int end = dottedQuadEnd(t, i, n);
            if (end > 0 && endsHere(t, end)) {
                sink.match(i, end);
                i = end - 1;
            } else {
                while (i + 1 < n && (Chars.isDigit(t.charAt(i + 1)) || t.charAt(i + 1) == '.')) {
                    i++;
                }
            }
        }
    }

    private static boolean startsHere(CharSequence t, int i) {
        if (i == 0) {
            return true;
        }
        char p = t.charAt(i - 1);
        return !Chars.isWordChar(p) && p != '.';
    }

    private static boolean endsHere(CharSequence t, int end) {
        if (end == t.length()) {
            return true;
        }
        char c = t.charAt(end);
        if (Chars.isWordChar(c)) {
            return false;
        }
        return !(c == '.' && end + 1 < t.length() && Chars.isDigit(t.charAt(end + 1)));
    }

    /** End of four dot-separated octets starting at {@code i}, or -1. */
    static int dottedQuadEnd(CharSequence t, int i, int limit) {
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= limit || t.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < limit && Chars.isDigit(t.charAt(i)) && i - start < 3) {
                value = value * 10 + (t.charAt(i) - '0');
                i++;
            }
            int length = i - start;
            if (length == 0 || value > 255 || (length > 1 && t.charAt(start) == '0')
                    || (i < limit && Chars.isDigit(t.charAt(i)))) {
                return -1;
            }
        }
        return i;
    }
}
