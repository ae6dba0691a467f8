package dev.sluice.core.audit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Records realistic sessions for audit tests (shared with the command-line tests through the test jar). */
public final class RecordedSessions {
    private RecordedSessions() {
    }

    public static SessionStart start(String sessionId, String subject, String connection, Instant at) {
        return new SessionStart(sessionId, subject, List.of("dba", "dev"), "https://idp.example/realms/sluice",
                "127.0.0.1:53122", connection, "postgres", "psql", at);
    }

    /**
     * A psql session: a select with its result, a blocked delete, a failing statement; then sealed.
     * Events: 0 session_start, 1 operation, 2 result_rows, 3 outcome, 4 operation (block), 5 outcome,
     * 6 operation, 7 outcome (error), 8 session_end, 9 seal.
     */
    public static String recordPostgresSession(AuditRecorder recorder, String sessionId, String subject, Instant at)
            throws Exception {
        SessionRecording recording = recorder.open(start(sessionId, subject, "orders-db", at));
        recording.append(new Operation("SELECT id, email FROM customers WHERE id < $1", List.of("3"), "allow",
                "read-customers", List.of()));
        recording.append(new ResultRows(List.of("id", "email"), List.of(List.of("1", "a***@example.com"),
                List.of("2", "b***@example.com")), false));
        recording.append(Outcome.success("SELECT 2", 2, 96, Duration.ofMillis(4), Map.of("email", 2L)));
        recording.append(Operation.of("DELETE FROM customers", "block", "no-unbounded-delete"));
        recording.append(Outcome.failure("42501", "Sluice refused DELETE: rule no-unbounded-delete", Duration.ZERO));
        recording.append(Operation.of("SELECT * FROM missing_table", "allow", "read-customers"));
        recording.append(Outcome.failure("42P01", "relation \"missing_table\" does not exist", Duration.ofMillis(1)));
        recording.close("client closed").get(10, TimeUnit.SECONDS);
        return sessionId;
    }

    /**
     * A session the gateway died in: two operations written, no seal, a torn last line; then a restart marks it
     * cut off. Its last good seq is 2.
     */
    public static String recordCutOffSession(Path dataDirectory, String sessionId, Instant at) throws Exception {
        AuditRecorder crashed = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry());
        SessionRecording recording = crashed.open(start(sessionId, "mallory", "orders-db", at));
        recording.append(Operation.of("UPDATE customers SET email = NULL WHERE id = 7", "allow", "support-fixes"));
        recording.append(Outcome.success("UPDATE 1", 1, 0, Duration.ofMillis(3), Map.of()));
        crashed.flush().get(10, TimeUnit.SECONDS);
        crashed.halt();
        Files.writeString(crashed.paths().recording(sessionId), "{\"seq\":3,\"type\":\"oper", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        AuditRecorder.start(dataDirectory, new SimpleMeterRegistry()).close();
        return sessionId;
    }
}
