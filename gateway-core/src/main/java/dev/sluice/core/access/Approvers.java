package dev.sluice.core.access;

import java.util.List;

/** Who may answer requests for a connection: members of {@code groups}, {@code quorum} of them. */
public record Approvers(List<String> groups, Quorum quorum) {
    public Approvers {
        groups = List.copyOf(groups);
        if (quorum.kind() == Quorum.Kind.ALL && groups.isEmpty()) {
            throw new IllegalArgumentException("quorum all needs at least one approver group");
        }
    }

    /**
     * Decides the approvers of a new request. The requester never chooses them: until the policy's
     * {@code require_approval} rules supply them per connection, the gateway passes a fixed choice.
     */
    @FunctionalInterface
    public interface Policy {
        /** @return the approvers, or null when nobody may approve access to {@code connection} */
        Approvers approversFor(String connection, Scope scope);

        static Policy fixed(Approvers approvers) {
            return (connection, scope) -> approvers;
        }
    }
}
