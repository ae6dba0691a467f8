package dev.sluice.policy;

import java.util.Set;

/** An identity in a session on {@code connection} asking for one operation. */
public record OperationRequest(String subject, Set<String> groups, String connection, String protocol, Operation operation) {
    public OperationRequest {
        groups = Set.copyOf(groups);
    }
}
