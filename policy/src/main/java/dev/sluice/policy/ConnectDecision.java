package dev.sluice.policy;

/** The answer to a {@link ConnectRequest}; every decision names the rule that made it. */
public sealed interface ConnectDecision {
    String rule();

    record Allow(String rule) implements ConnectDecision {}

    /** Refused; {@code reason} is safe to show to the client (it names nothing about the backend). */
    record Deny(String rule, String reason) implements ConnectDecision {}
}
