package dev.sluice.core.access;

import java.time.Instant;
import java.util.Set;

/**
 * One approver's answer to a request.
 *
 * @param approver the approver's subject, or {@code policy:<rule>} for an automatic approval
 * @param groups the request's approver groups the approver was in when answering (what quorum {@code all} counts)
 * @param comment free text from the approver, or null
 */
public record Answer(String approver, Set<String> groups, Decision decision, String comment, Instant at) {
    public enum Decision { APPROVE, DENY }

    /** The prefix of {@link #approver()} for approvals made by an {@link AutoApprover}. */
    public static final String POLICY_PREFIX = "policy:";

    public Answer {
        groups = Set.copyOf(groups);
    }

    public boolean automatic() {
        return approver.startsWith(POLICY_PREFIX);
    }
}
