package dev.sluice.core.access;

import dev.sluice.core.access.AccessException.Kind;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a requester asks for; the service adds who asked, the approvers and the times.
 *
 * @param maxUses null for unlimited uses within the lifetime
 * @param useUnit what a use is; null means {@link UseUnit#SESSIONS}
 */
public record NewRequest(String connection, Scope scope, Duration ttl, Integer maxUses, UseUnit useUnit, String reason) {
    public static final int MAX_REASON_LENGTH = 1000;
    private static final Pattern CONNECTION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public NewRequest {
        useUnit = useUnit == null ? UseUnit.SESSIONS : useUnit;
    }

    /** @throws AccessException INVALID, naming the field and the limit */
    void validate(AccessSettings settings) {
        if (connection() == null || !CONNECTION.matcher(connection()).matches()) {
            throw new AccessException(Kind.INVALID, "connection must be a connection name (letters, digits, _ . -), got \"" + connection() + "\"");
        }
        if (scope() == null) {
            throw new AccessException(Kind.INVALID, "a request names its scope (read, write or statement kinds)");
        }
        if (ttl() == null || ttl().isNegative() || ttl().isZero() || ttl().compareTo(settings.maxTtl()) > 0) {
            throw new AccessException(Kind.INVALID, "ttl must be positive and at most " + settings.maxTtl().toSeconds()
                    + "s, got " + (ttl() == null ? "none" : ttl().toSeconds() + "s"));
        }
        if (maxUses() != null && (maxUses() < 1 || maxUses() > settings.maxUses())) {
            throw new AccessException(Kind.INVALID, "uses must be 1-" + settings.maxUses() + ", got " + maxUses());
        }
        if (reason() == null || reason().isBlank() || reason().length() > MAX_REASON_LENGTH) {
            throw new AccessException(Kind.INVALID, "a request gives a reason of 1-" + MAX_REASON_LENGTH + " characters");
        }
    }
}
