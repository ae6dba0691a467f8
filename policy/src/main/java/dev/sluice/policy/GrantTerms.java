package dev.sluice.policy;

import java.time.Duration;
import java.util.Set;

/**
 * What a {@code require_grant} rule asks of a grant, and what a request for one may ask: who approves it, how long
 * and how many uses it may last at most, what a use is, and which operations it may cover.
 *
 * @param approvers the groups whose members answer requests; empty when only automatic approval can grant it
 * @param quorum {@code any}, {@code all}, or a number of distinct approvers
 * @param maxTtl the longest lifetime a request may ask for
 * @param maxUses the most uses a request may ask for, or null for no limit beyond the gateway's
 * @param useUnit {@code sessions} (a use is a session) or {@code operations} (a use is one statement)
 * @param scope the widest scope a request may ask for: {@code read}, {@code write} or statement kinds
 */
public record GrantTerms(Set<String> approvers, String quorum, Duration maxTtl, Integer maxUses, String useUnit,
        Set<String> scope) {
    public static final String SESSIONS = "sessions";
    public static final String OPERATIONS = "operations";

    public GrantTerms {
        approvers = Set.copyOf(approvers);
        scope = Set.copyOf(scope);
        if (!SESSIONS.equals(useUnit) && !OPERATIONS.equals(useUnit)) {
            throw new IllegalArgumentException("use_unit is sessions or operations, got " + useUnit);
        }
        if (maxTtl == null || maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("max_ttl is a positive duration");
        }
        if (maxUses != null && maxUses < 1) {
            throw new IllegalArgumentException("max_uses is at least 1");
        }
        if (scope.isEmpty()) {
            throw new IllegalArgumentException("a grant's scope names at least one operation kind");
        }
    }

    /** Whether a use is one statement rather than one session. */
    public boolean perOperation() {
        return OPERATIONS.equals(useUnit);
    }
}
