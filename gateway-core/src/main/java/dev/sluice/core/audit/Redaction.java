package dev.sluice.core.audit;

import java.util.regex.Pattern;

/**
 * A last line of defence for text that reaches a recording: callers mask secrets, but a token pasted into a
 * statement or an error message is easy to miss, and a recording keeps it for years.
 */
public final class Redaction {
    public static final String MASK = "****";
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");

    private Redaction() {
    }

    /** {@code text} with JWT-shaped strings and bearer credentials replaced by {@value #MASK}. */
    public static String redact(String text) {
        if (text == null || text.length() < 12) {
            return text;
        }
        String withoutJwts = text.contains("eyJ") ? JWT.matcher(text).replaceAll(MASK) : text;
        return mentionsBearer(withoutJwts) ? BEARER.matcher(withoutJwts).replaceAll("$1" + MASK) : withoutJwts;
    }

    /** Whether {@code text} could hold something {@link #redact} would change: cheap, so it runs first. */
    static boolean mayHoldToken(String text) {
        return text.length() >= 12 && (text.contains("eyJ") || mentionsBearer(text));
    }

    /** A cheap test before the regular expression: most recorded text never says "bearer". */
    private static boolean mentionsBearer(String text) {
        return mentions(text, 'b') || mentions(text, 'B');
    }

    private static boolean mentions(String text, char first) {
        for (int i = text.indexOf(first); i >= 0 && i + 6 <= text.length(); i = text.indexOf(first, i + 1)) {
            if (text.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }
}
