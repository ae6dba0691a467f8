package dev.sluice.policy.mask;

/**
 * Telephone numbers in three written forms:
 * <ul>
 *   <li>international (E.164): {@code +} and 8 to 15 digits, the first not 0, optionally grouped by single
 *       spaces, dashes or dots, one group optionally in parentheses: {@code +14155552671},
 *       {@code +1 (415) 555-2671}, {@code +49 30 1234567};</li>
 *   <li>North American: {@code (415) 555-2671}, {@code 415-555-2671}, {@code 415.555.2671}, area code and
 *       exchange starting with 2-9;</li>
 *   <li>national with trunk prefix 0: an area code of 2 to 5 digits starting with {@code 0} (not {@code 00}),
 *       then a space, dash or slash, then groups of at least two digits separated by single spaces or dashes,
 *       9 to 12 digits in all: {@code 030 1234567}, {@code 020 7946 0018}, {@code 06 12 34 56 78}.</li>
 * </ul>
 * Digits without any grouping or {@code +}, dates, times, version numbers and IPv4 addresses do not have
 * these shapes and are not matched.
 */
final class PhoneDetector implements Detector {

    static final PhoneDetector INSTANCE = new PhoneDetector();

    private PhoneDetector() {}

    @Override
    public String name() {
        return "phone";
    }

    /** Needs every written form has at least 8 digits. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.digits() >= 8;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            int end = -1;
            if (c == '+' && (i == 0 || !Chars.isWordChar(t.charAt(i - 1)))) {
                end = international(t, i + 1);
            } else if ((c == '(' || Chars.isDigit(c)) && Chars.numberStartsAt(t, i)
                    && (i == 0 || t.charAt(i - 1) != '+')) {
                end = northAmerican(t, i);
                if (end < 0 && c == '0') {
                    end = trunkPrefixed(t, i);
                }
            }
            if (end > 0) {
                sink.match(i, end);
                i = end - 1;
            } else {
                while (i + 1 < n && Chars.isDigit(t.charAt(i)) && Chars.isDigit(t.charAt(i + 1))) {
                    i++;
                }
            }
        }
    }

    private static int international(CharSequence t, int i) {
        int n = t.length();
        if (i >= n || !Chars.isDigit(t.charAt(i)) || t.charAt(i) == '0') {
            return -1;
        }
        int digits = 0;
        boolean parenthesized = false;
        while (true) {
            while (i < n && Chars.isDigit(t.charAt(i))) {
                i++;
                digits++;
            }
            int next = i;
            if (next < n && t.charAt(next) == ')') {
                return -1;
            }
            if (next < n && (t.charAt(next) == ' ' || t.charAt(next) == '-' || t.charAt(next) == '.')) {
                next++;
            }
            if (!parenthesized && next + 1 < n && t.charAt(next) == '(' && Chars.isDigit(t.charAt(next + 1))) {
                int close = next + 1;
                while (close < n && Chars.isDigit(t.charAt(close))) {
                    close++;
                }
                if (close >= n || t.charAt(close) != ')') {
                    return -1;
                }
                digits += close - next - 1;
                parenthesized = true;
                i = close + 1;
                if (i < n && (t.charAt(i) == ' ' || t.charAt(i) == '-') && i + 1 < n && Chars.isDigit(t.charAt(i + 1))) {
                    i++;
                }
                continue;
            }
            if (next > i && next < n && Chars.isDigit(t.charAt(next))) {
                i = next;
                continue;
            }
            break;
        }
        return digits >= 8 && digits <= 15 && Chars.numberEndsAt(t, i) ? i : -1;
    }

    private static int northAmerican(CharSequence t, int i) {
        int areaStart;
        int p;
        char separator;
        if (t.charAt(i) == '(') {
            if (!digitsAt(t, i + 1, 3) || !charAt(t, i + 4, ')')) {
                return -1;
            }
            areaStart = i + 1;
            p = charAt(t, i + 5, ' ') ? i + 6 : i + 5;
            separator = '-';
        } else {
            if (!digitsAt(t, i, 3) || i + 3 >= t.length()) {
                return -1;
            }
            areaStart = i;
            separator = t.charAt(i + 3);
            if (separator != '-' && separator != '.') {
                return -1;
            }
            p = i + 4;
        }
        if (t.charAt(areaStart) < '2' || !digitsAt(t, p, 3) || t.charAt(p) < '2' || !charAt(t, p + 3, separator)
                || !digitsAt(t, p + 4, 4)) {
            return -1;
        }
        int end = p + 8;
        return Chars.numberEndsAt(t, end) ? end : -1;
    }

    private static int trunkPrefixed(CharSequence t, int i) {
        int n = t.length();
        int p = i + 1;
        while (p < n && Chars.isDigit(t.charAt(p))) {
            p++;
        }
        int areaDigits = p - i;
        if (areaDigits < 2 || areaDigits > 5 || t.charAt(i + 1) == '0' || p + 1 >= n) {
            return -1;
        }
        char first = t.charAt(p);
        if (first != ' ' && first != '-' && first != '/') {
            return -1;
        }
        int digits = areaDigits;
        int best = -1;
        boolean firstGroup = true;
        while (p + 1 < n && Chars.isDigit(t.charAt(p + 1))
                && (firstGroup ? t.charAt(p) == first : t.charAt(p) == ' ' || t.charAt(p) == '-')) {
            int q = p + 1;
            while (q < n && Chars.isDigit(t.charAt(q))) {
                q++;
            }
            digits += q - p - 1;
            if (q - p - 1 < 2 || digits > 12) {
                break;
            }
            if (digits >= 9 && Chars.numberEndsAt(t, q)) {
                best = q;
            }
            firstGroup = false;
            p = q;
        }
        return best;
    }

    private static boolean digitsAt(CharSequence t, int from, int count) {
        if (from + count > t.length()) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            if (!Chars.isDigit(t.charAt(from + k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean charAt(CharSequence t, int i, char c) {
        return i < t.length() && t.charAt(i) == c;
    }
}
