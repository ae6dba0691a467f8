package dev.sluice.policy;

/**
 * Decides whether an identity may open a session on a connection. The seam that the YAML policy engine
 * implements; until then {@link AccessListConnectPolicy} applies each connection's allow list.
 */
@FunctionalInterface
public interface ConnectPolicy {
    ConnectDecision decide(ConnectRequest request);
}
