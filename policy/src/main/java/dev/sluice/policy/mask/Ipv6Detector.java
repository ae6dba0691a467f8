package dev.sluice.policy.mask;

/**
 * IPv6 addresses in RFC 4291 text form: eight groups of 1-4 hex digits, or fewer with one {@code ::}, and
 * optionally a dotted-quad IPv4 tail. Not matched: a bare {@code ::}, zone suffixes ({@code %eth0}, the
 * address before it is matched), times such as {@code 12:30:45} and MAC addresses (wrong group count).
 */
final class Ipv6Detector implements Detector {

    static final Ipv6Detector INSTANCE = new Ipv6Detector();

    private Ipv6Detector() {}

    @Override
    public String name() {
        return "ipv6";
    }

    /** Needs at least two colons (the shortest form is {@code a::b}). */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.count(ValueProfile.COLON) >= 2;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (!(Chars.isHex(c) || c == ':') || (i > 0 && !startsHere(t.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = i;
            int colons = 0;
            while (end < n && (Chars.isHex(t.charAt(end)) || t.charAt(end) == ':' || t.charAt(end) == '.')) {
                colons += t.charAt(end) == ':' ? 1 : 0;
                end++;
            }
            if (colons >= 2 && (end == n || !Chars.isWordChar(t.charAt(end)))) {
                int valid = valid(t, i, end) ? end : -1;
                char last = t.charAt(end - 1);
                if (valid < 0 && (last == '.' || last == ':') && valid(t, i, end - 1)) {
                    valid = end - 1;
                }
                if (valid > 0) {
                    sink.match(i, valid);
                }
            }
            i = Math.max(end, i + 1);
        }
    }

    private static boolean startsHere(char previous) {
        return !Chars.isWordChar(previous) && previous != ':' && previous != '.';
    }

    static boolean valid(CharSequence t, int start, int end) {
        int i = start;
        int groups = 0;
        boolean compressed = false;
        if (end - start >= 2 && t.charAt(i) == ':' && t.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
            if (i == end) {
                return false;
            }
        } else if (t.charAt(i) == ':') {
            return false;
        }
        while (i < end) {
            int groupStart = i;
            while (i < end && Chars.isHex(t.charAt(i))) {
                i++;
            }
            if (i < end && t.charAt(i) == '.') {
                if (Ipv4Detector.dottedQuadEnd(t, groupStart, end) != end) {
                    return false;
                }
                groups += 2;
                break;
            }
            int length = i - groupStart;
            if (length == 0 || length > 4) {
                return false;
            }
            groups++;
            if (i == end) {
                break;
            }
            i++;
            if (i < end && t.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
            } else if (i == end) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }
}
