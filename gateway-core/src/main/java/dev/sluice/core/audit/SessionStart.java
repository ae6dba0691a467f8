package dev.sluice.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The first event of every session: who connected, from where, to what.
 *
 * @param sessionId letters, digits, {@code .}, {@code _} and {@code -} only (it names the recording file); see
 *     {@link SessionIds#next()}
 * @param connection the Sluice connection name (the system reached)
 * @param protocol {@code postgres}, {@code ssh}, {@code http}, ...
 * @param clientApplication what the client says it is (Postgres {@code application_name}, SSH client version), or null
 */
public record SessionStart(String sessionId, String subject, List<String> groups, String issuer, String clientAddress,
        String connection, String protocol, String clientApplication, Instant startedAt) implements SessionEvent {
    public SessionStart {
        SessionIds.requireValid(sessionId);
        Objects.requireNonNull(subject, "subject");
        groups = List.copyOf(groups);
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    @Override
    public String type() {
        return "session_start";
    }
}
