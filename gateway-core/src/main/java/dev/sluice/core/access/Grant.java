package dev.sluice.core.access;

import java.time.Instant;

/**
 * Access granted to one identity on one connection, for a while and perhaps a number of uses. Immutable; the
 * {@link AccessService} replaces it as it is used or ends.
 *
 * @param subject the identity that asked; no other identity can use the grant
 * @param notAfter the grant cannot be used at or after this instant
 * @param usesLeft uses remaining, or null for unlimited
 * @param endedAt when it stopped being active, else null
 * @param endedBy who revoked it ({@code system} for expiry and exhaustion), else null
 * @param endReason why it was revoked, else null
 */
public record Grant(
        String id,
        String requestId,
        String subject,
        String connection,
        Scope scope,
        UseUnit useUnit,
        Instant createdAt,
        Instant notAfter,
        Integer usesLeft,
        GrantStatus status,
        Instant endedAt,
        String endedBy,
        String endReason) {
    /** The {@link #endedBy()} of grants that expired or ran out of uses. */
    public static final String SYSTEM = "system";

    public boolean active() {
        return status == GrantStatus.ACTIVE;
    }

    public boolean unlimited() {
        return usesLeft == null;
    }

    Grant usedOnce() {
        Integer left = usesLeft == null ? null : usesLeft - 1;
        return new Grant(id, requestId, subject, connection, scope, useUnit, createdAt, notAfter, left, status,
                endedAt, endedBy, endReason);
    }

    Grant ended(GrantStatus newStatus, Instant at, String by, String why) {
        return new Grant(id, requestId, subject, connection, scope, useUnit, createdAt, notAfter, usesLeft, newStatus,
                at, by, why);
    }
}
