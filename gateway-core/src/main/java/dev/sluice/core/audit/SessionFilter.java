package dev.sluice.core.audit;

import java.time.Instant;

/**
 * Which sessions to list; null fields match everything.
 *
 * @param since sessions that started at or after this instant
 * @param until sessions that started before this instant
 */
public record SessionFilter(String subject, String connection, Instant since, Instant until, SessionStatus status) {
    public static final SessionFilter ALL = new SessionFilter(null, null, null, null, null);

    public boolean matches(SessionSummary session) {
        return (subject == null || subject.equals(session.subject()))
                && (connection == null || connection.equals(session.connection()))
                && (since == null || !session.startedAt().isBefore(since))
                && (until == null || session.startedAt().isBefore(until))
                && (status == null || status == session.status());
    }
}
