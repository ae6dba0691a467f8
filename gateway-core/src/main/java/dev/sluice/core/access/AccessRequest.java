package dev.sluice.core.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request for just-in-time access to one connection, and its answers so far. Immutable; the
 * {@link AccessService} replaces it as it changes.
 *
 * @param requester the subject of the identity that asked; only it can use the resulting grant
 * @param requesterGroups that identity's groups when it asked
 * @param ttl how long the grant lasts, counted from approval
 * @param maxUses how many uses the grant allows, or null for unlimited uses within its lifetime
 * @param approvers the groups whose members may answer
 * @param expiresAt when the request expires if it is still pending
 * @param grantId the grant made when the request was approved, else null
 */
public record AccessRequest(
        String id,
        String requester,
        Set<String> requesterGroups,
        String connection,
        Scope scope,
        Duration ttl,
        Integer maxUses,
        UseUnit useUnit,
        String reason,
        List<String> approvers,
        Quorum quorum,
        RequestStatus status,
        List<Answer> answers,
        Instant createdAt,
        Instant expiresAt,
        String grantId) {
    public AccessRequest {
        requesterGroups = Set.copyOf(requesterGroups);
        approvers = List.copyOf(approvers);
        answers = List.copyOf(answers);
    }

    public boolean pending() {
        return status == RequestStatus.PENDING;
    }

    AccessRequest withAnswer(Answer answer) {
        List<Answer> all = new ArrayList<>(answers);
        all.add(answer);
        return new AccessRequest(id, requester, requesterGroups, connection, scope, ttl, maxUses, useUnit, reason,
                approvers, quorum, status, all, createdAt, expiresAt, grantId);
    }

    AccessRequest withStatus(RequestStatus newStatus, String newGrantId) {
        return new AccessRequest(id, requester, requesterGroups, connection, scope, ttl, maxUses, useUnit, reason,
                approvers, quorum, newStatus, answers, createdAt, expiresAt, newGrantId);
    }
}
