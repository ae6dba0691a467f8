package dev.sluice.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Consulted on every new request before any human sees it; approving names the rule that did, and the approval is
 * recorded as an answer from {@code policy:<rule>}. Must be fast and must not block.
 */
@FunctionalInterface
public interface AutoApprover {
    /** Approves nothing: every request waits for a human. */
    AutoApprover NONE = (request, now) -> Optional.empty();

    Optional<Approval> consider(AccessRequest request, Instant now);

    /** The first approval of {@code approvers}, asked in order, so each configured rule can be its own approver. */
    static AutoApprover firstOf(List<AutoApprover> approvers) {
        List<AutoApprover> copy = List.copyOf(approvers);
        return (request, now) -> copy.stream().map(a -> a.consider(request, now)).flatMap(Optional::stream).findFirst();
    }

    /** @param rule names the rule that approved, as the request's answer records it */
    record Approval(String rule, String comment) {
        public Approval {
            if (rule == null || rule.isBlank()) {
                throw new IllegalArgumentException("an automatic approval names the rule that made it");
            }
        }
    }
}
