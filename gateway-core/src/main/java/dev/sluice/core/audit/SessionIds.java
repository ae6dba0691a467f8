package dev.sluice.core.audit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Session ids: they sort by start time and are safe as file names. */
public final class SessionIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    /** {@code 20261122T031846Z-5f3a9c01d2e4b7a6}: the start time and 64 random bits. */
    public static String next(Clock clock) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }

    public static String next() {
        return next(Clock.systemUTC());
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    static String requireValid(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("a session id is 1-100 letters, digits, '.', '_' or '-', got \"" + id + "\"");
        }
        return id;
    }
}
