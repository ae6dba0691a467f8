package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    private static final int SESSIONS = 24;
    private static final int EVENTS_PER_SESSION = 250;

    @TempDir
    Path dataDirectory;

    @Test
    void manySessionsAppendingFromSeveralThreadsAllVerify() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditRecorder.Settings settings = new AuditRecorder.Settings(SESSIONS * EVENTS_PER_SESSION, Duration.ofMillis(200),
                RecordingFailurePolicy.REFUSE);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (AuditRecorder recorder = AuditRecorder.start(dataDirectory, settings, registry, java.time.Clock.systemUTC())) {
            List<Future<Boolean>> sessions = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                String id = "s" + s;
                sessions.add(threads.submit(() -> {
                    SessionRecording recording = recorder.open(RecordedSessions.start(id, "agent-" + id, "orders-db", Instant.now()));
                    boolean allQueued = true;
                    for (int e = 0; e < EVENTS_PER_SESSION; e++) {
                        allQueued &= recording.append(Operation.of("SELECT " + e, "allow", "r"));
                    }
                    recording.close("client closed").get(30, TimeUnit.SECONDS);
                    return allQueued && !recording.flagged();
                }));
            }
            for (Future<Boolean> session : sessions) {
                assertThat(session.get(60, TimeUnit.SECONDS)).isTrue();
            }

            List<VerificationResult> results = new AuditVerifier(recorder.paths(), recorder.publicKey()).verifyAll();

            assertThat(results).hasSize(SESSIONS).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(VerificationResult.Status.OK);
                assertThat(result.lastGoodSeq()).isEqualTo(EVENTS_PER_SESSION + 2);
            });
            double written = registry.get("sluice.audit.events").tag("result", "recorded").counter().count();
            assertThat(written).isEqualTo(SESSIONS * (EVENTS_PER_SESSION + 3));
            assertThat(registry.get("sluice.audit.fsync").timer().count())
                    .as("syncs are shared by many events").isLessThan((long) written / 10);
        } finally {
            threads.shutdownNow();
        }
    }
}
