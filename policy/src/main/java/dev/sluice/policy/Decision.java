package dev.sluice.policy;

import java.util.Set;

/**
 * What the policy says about one operation. Every decision names the rule that made it; the protocol module
 * applies it (forward, refuse in the client's protocol, or hold for approval).
 */
public sealed interface Decision {
    String rule();

    /** Forward the operation. */
    record Allow(String rule) implements Decision {}

    /** Refuse the operation; nothing is sent to the backend. {@code message} is shown to the client. */
    record Block(String rule, String message) implements Decision {}

    /**
     * Hold the operation until a human approves it.
     *
     * @param approverGroups who may approve
     * @param quorum {@code any}, {@code all}, or a number of distinct approvers
     */
    record Hold(String rule, Set<String> approverGroups, String quorum, String message) implements Decision {
        public Hold {
            approverGroups = Set.copyOf(approverGroups);
        }
    }

    /**
     * Forward the operation only if the identity holds an active grant covering it; with grants counted in
     * operations, forwarding takes one use.
     */
    record RequireGrant(String rule, GrantTerms terms) implements Decision {}
}
