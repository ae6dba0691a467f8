package dev.sluice.policy;

/** The answer to a {@link ConnectRequest}; every decision names the rule that made it. */
public sealed interface ConnectDecision {
    String rule();

    /**
     * @param readOnly the session may only read: statements that could write are refused, and the backend session
     *                 itself is started read-only
     * @param grant when not null, the session may start only under an active grant of the identity on these terms
     */
    record Allow(String rule, boolean readOnly, GrantTerms grant) implements ConnectDecision {
        public Allow(String rule, boolean readOnly) {
            this(rule, readOnly, null);
        }
    }

    /** Refused; {@code reason} is safe to show to the client (it names nothing about the backend). */
    record Deny(String rule, String reason) implements ConnectDecision {}
}
