package dev.sluice.core.access;

import java.time.Duration;

/**
 * What one requester may ask for on one connection, as the policy says: who approves, and the limits the request
 * must keep. Null limits leave the service's own.
 *
 * @param approvers who answers; null when only an automatic approval can grant the request
 * @param maxTtl the longest lifetime the request may ask for, or null
 * @param maxUses the most uses; a request that names none gets this many. Null for no limit beyond the service's
 * @param useUnit what a use is, imposed on the request; null leaves the requester's choice
 * @param widest the widest scope the request may ask for, or null for any
 * @param rule the policy rule the terms come from, for messages; null when they come from configuration
 */
public record RequestTerms(Approvers approvers, Duration maxTtl, Integer maxUses, UseUnit useUnit, Scope widest, String rule) {

    public static RequestTerms approvedBy(Approvers approvers) {
        return new RequestTerms(approvers, null, null, null, null, null);
    }

    /**
     * The request as these terms allow it: the use unit imposed and the uses bounded.
     *
     * @throws AccessException INVALID or FORBIDDEN, naming the limit and the rule
     */
    NewRequest apply(NewRequest spec) {
        String from = rule == null ? "" : " (rule " + rule + ")";
        if (widest != null && !widest.covers(spec.scope())) {
            throw new AccessException(AccessException.Kind.FORBIDDEN, "scope " + String.join(",", spec.scope().operations())
                    + " is wider than may be granted on " + spec.connection() + ": at most " + String.join(",", widest.operations()) + from);
        }
        if (maxTtl != null && spec.ttl() != null && spec.ttl().compareTo(maxTtl) > 0) {
            throw new AccessException(AccessException.Kind.INVALID, "ttl must be at most " + maxTtl.toSeconds() + "s on "
                    + spec.connection() + from + ", got " + spec.ttl().toSeconds() + "s");
        }
        Integer uses = spec.maxUses();
        if (maxUses != null) {
            if (uses != null && uses > maxUses) {
                throw new AccessException(AccessException.Kind.INVALID, "uses must be at most " + maxUses + " on "
                        + spec.connection() + from + ", got " + uses);
            }
            uses = uses == null ? maxUses : uses;
        }
        return new NewRequest(spec.connection(), spec.scope(), spec.ttl(), uses, useUnit == null ? spec.useUnit() : useUnit,
                spec.reason());
    }
}
