package dev.sluice.policy;

import java.util.Set;

/** What a matching rule decides. A rule has at most one. */
public sealed interface RuleAction {

    /**
     * Admit (a rule without an operation match) or allow the matched operations.
     *
     * @param readOnly sessions admitted by this rule may only read
     */
    record Allow(boolean readOnly) implements RuleAction {}

    /** Refuse; {@code message} is shown to the client. */
    record Block(String message) implements RuleAction {}

    /**
     * Hold the matched operations until approved.
     *
     * @param quorum {@code any}, {@code all}, or a positive number of distinct approvers
     */
    record RequireApproval(Set<String> approvers, String quorum, String message) implements RuleAction {
        public RequireApproval {
            approvers = Set.copyOf(approvers);
        }
    }

    /**
     * Admit (a rule without an operation match) or allow the matched operations only under an active just-in-time
     * grant of the identity, requested and approved on the terms given.
     */
    record RequireGrant(GrantTerms terms) implements RuleAction {}
}
