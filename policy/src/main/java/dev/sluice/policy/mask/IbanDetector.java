package dev.sluice.policy.mask;

import java.util.Map;

/**
 * International bank account numbers of the countries in {@link #LENGTHS}: country code, two check digits and
 * the country's BBAN length, upper case, either compact or printed in groups of four separated by single
 * spaces, passing the ISO 13616 mod-97 check. Countries not listed are not matched.
 */
final class IbanDetector implements Detector {

    static final IbanDetector INSTANCE = new IbanDetector();

    /** Total IBAN length per country (ISO 13616 registry). */
    static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AT", 20), Map.entry("BE", 16),
            Map.entry("BG", 22), Map.entry("CH", 21), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20), Map.entry("ES", 24),
            Map.entry("FI", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GI", 23),
            Map.entry("GR", 27), Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("LI", 21), Map.entry("LT", 20),
            Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MT", 31),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("RO", 24), Map.entry("SA", 24), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TR", 26));

    private IbanDetector() {}

    @Override
    public String name() {
        return "iban";
    }

    /** Needs 15 characters or more, a two-letter country code and two check digits. */
    @Override
    public boolean mayMatch(ValueProfile p) {
        return p.length() >= 15 && p.upperCase() >= 2 && p.digits() >= 2;
    }

    @Override
    public void find(CharSequence t, MatchSink sink) {
        int n = t.length();
        for (int i = 0; i + 15 <= n; i++) {
            char a = t.charAt(i);
            if (!Chars.isUpper(a) || !Chars.isUpper(t.charAt(i + 1)) || !Chars.wordStartsAt(t, i)
                    || !Chars.isDigit(t.charAt(i + 2)) || !Chars.isDigit(t.charAt(i + 3))) {
                continue;
            }
            Integer length = LENGTHS.get(String.valueOf(new char[] {a, t.charAt(i + 1)}));
            if (length == null) {
                continue;
            }
            int end = ibanEnd(t, i, length);
            if (end > 0) {
                sink.match(i, end);
                i = end - 1;
            }
        }
    }

    /** End of an IBAN of {@code length} characters starting at {@code start} and passing mod-97, or -1. */
    private static int ibanEnd(CharSequence t, int start, int length) {
        int n = t.length();
        boolean printed = start + 4 < n && t.charAt(start + 4) == ' ';
        int i = start;
        int count = 0;
        while (count < length) {
            if (i >= n) {
                return -1;
            }
            char c = t.charAt(i);
            if (c == ' ' && printed && count % 4 == 0 && count > 0 && i > start && t.charAt(i - 1) != ' ') {
                i++;
                continue;
            }
            if (!Chars.isDigit(c) && !Chars.isUpper(c)) {
                return -1;
            }
            count++;
            i++;
        }
        if (!Chars.wordEndsAt(t, i)) {
            return -1;
        }
        return mod97(t, start, i) == 1 ? i : -1;
    }

    private static int mod97(CharSequence t, int start, int end) {
        int remainder = 0;
        for (int i = start + 4; i < end; i++) {
            remainder = step(remainder, t.charAt(i));
        }
        for (int i = start; i < start + 4; i++) {
            remainder = step(remainder, t.charAt(i));
        }
        return remainder;
    }

    private static int step(int remainder, char c) {
        if (c == ' ') {
            return remainder;
        }
        if (Chars.isDigit(c)) {
            return (remainder * 10 + (c - '0')) % 97;
        }
        return (remainder * 100 + (c - 'A' + 10)) % 97;
    }
}
