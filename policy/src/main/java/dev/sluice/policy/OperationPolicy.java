package dev.sluice.policy;

/** Decides each operation of an open session. Pure and fast: it runs on the data path. */
@FunctionalInterface
public interface OperationPolicy {
    Decision decide(OperationRequest request);
}
