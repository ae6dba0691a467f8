package dev.sluice.policy;

/**
 * Decides whether an identity may open a session on a connection. {@link PolicyEngine} implements it from the
 * policy files and the connections' allow lists; {@link AccessListConnectPolicy} applies allow lists alone.
 */
@FunctionalInterface
public interface ConnectPolicy {
    ConnectDecision decide(ConnectRequest request);
}
