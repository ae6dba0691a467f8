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
     * Decides the terms of a new request: who approves it and what it may ask for. The requester never chooses
     * them: the gateway takes them from the policy's {@code require_grant} rules, else from configuration.
     */
    @FunctionalInterface
    public interface Policy {
        /** @return the terms, or null when nobody may approve access to {@code connection} for {@code requester} */
        RequestTerms termsFor(dev.sluice.core.identity.Identity requester, String connection);

        /** The same approvers for every request, with no limits beyond the service's. */
        static Policy fixed(Approvers approvers) {
            RequestTerms terms = RequestTerms.approvedBy(approvers);
            return (requester, connection) -> terms;
        }
    }
}
