package dev.sluice.core.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Approves low-risk requests without a human: the scope only reads, the lifetime is at most {@code maxTtl}, the uses
 * are bounded by {@code maxUses} when given, when {@code hours} is given the request arrives within them, and when
 * {@code connections} names any, the request is for one of them.
 *
 * @param rule the name recorded as the approver ({@code policy:<rule>})
 * @param maxUses the most uses an approved request may ask for, or null for no limit (unlimited requests included)
 * @param hours when requests may be approved, or null for any time
 * @param connections the connections whose requests it approves; empty for every connection
 */
public record ReadOnlyAutoApprover(String rule, Duration maxTtl, Integer maxUses, BusinessHours hours, Set<String> connections)
        implements AutoApprover {
    public static final String DEFAULT_RULE = "read-only-auto";

    /** A rule for every connection. */
    public ReadOnlyAutoApprover(String rule, Duration maxTtl, Integer maxUses, BusinessHours hours) {
        this(rule, maxTtl, maxUses, hours, Set.of());
    }

    public ReadOnlyAutoApprover {
        connections = Set.copyOf(connections);
        if (rule == null || rule.isBlank() || maxTtl == null || maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("automatic approval needs a rule name and a positive maximum lifetime");
        }
        if (maxUses != null && maxUses < 1) {
            throw new IllegalArgumentException("automatic approval's maximum uses is at least 1, got " + maxUses);
        }
    }

    @Override
    public Optional<Approval> consider(AccessRequest request, Instant now) {
        if (!connections.isEmpty() && !connections.contains(request.connection())) {
            return Optional.empty();
        }
        if (!request.scope().readOnly() || request.ttl().compareTo(maxTtl) > 0) {
            return Optional.empty();
        }
        if (maxUses != null && (request.maxUses() == null || request.maxUses() > maxUses)) {
            return Optional.empty();
        }
        if (hours != null && !hours.contains(now)) {
            return Optional.empty();
        }
        return Optional.of(new Approval(rule, "read-only for at most " + maxTtl.toSeconds() + "s"
                + (maxUses == null ? "" : " and " + maxUses + " use(s)") + (hours == null ? "" : " within business hours")));
    }
}
