package dev.sluice.core.audit;

import java.time.Instant;
import java.util.List;

/**
 * One session as the index knows it, for listing and search.
 *
 * @param endedAt when it was sealed, cut off or deleted; null while open
 * @param lastSeq the seal's seq when closed, the last good seq when cut off, -1 when unknown
 * @param droppedEvents events lost because the recording queue was full; non-zero flags the recording incomplete
 * @param sealHash the hash of the seal line when closed, else null
 */
public record SessionSummary(String sessionId, String subject, List<String> groups, String connection, String protocol,
        String clientAddress, String clientApplication, Instant startedAt, Instant endedAt, SessionStatus status,
        String reason, long lastSeq, long droppedEvents, String sealHash) {
    public SessionSummary {
        groups = List.copyOf(groups);
    }

    SessionSummary withEnd(SessionStatus newStatus, Instant at, String newReason, long seq, long dropped, String seal) {
        return new SessionSummary(sessionId, subject, groups, connection, protocol, clientAddress, clientApplication,
                startedAt, at, newStatus, newReason, seq, dropped, seal);
    }
}
