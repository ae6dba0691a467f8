package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue is bounded: a full queue refuses events at once, and the loss is on record. */
class QueueOverflowTest {
    private static final int CAPACITY = 5;

    @TempDir
    Path dataDirectory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aFullQueueRefusesTheEventAndTheRefusePolicyStopsTheSession() throws Exception {
        try (AuditRecorder recorder = recorder(RecordingFailurePolicy.REFUSE)) {
            SessionRecording recording = fillWhileTheWriterIsStuck(recorder);

            assertThat(recording.healthy()).isFalse();
            assertThat(recording.flagged()).isTrue();
            assertThat(recording.droppedEvents()).isEqualTo(1);
            assertThat(registry.get("sluice.audit.events").tag("result", "dropped").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void theContinuePolicyKeepsTheSessionGoingAndTheLossIsSealed() throws Exception {
        try (AuditRecorder recorder = recorder(RecordingFailurePolicy.CONTINUE_AND_FLAG)) {
            SessionRecording recording = fillWhileTheWriterIsStuck(recorder);
            assertThat(recording.healthy()).isTrue();
            assertThat(recording.flagged()).isTrue();

            assertThat(recording.append(Operation.of("SELECT 'after'", "allow", "r"))).isTrue();
            recording.close("client closed").get(10, TimeUnit.SECONDS);

            List<RecordedEvent> events = RecordingReader.read(recorder.paths().recording("s1")).events();
            assertThat(events).extracting(RecordedEvent::type).containsSubsequence("operation", "events_dropped", "operation");
            JsonNode seal = events.get(events.size() - 1).data();
            assertThat(seal.path("dropped").asLong()).isEqualTo(1);
            assertThat(SessionIndex.find(recorder.paths(), "s1").orElseThrow().droppedEvents()).isEqualTo(1);
            VerificationResult result = new AuditVerifier(recorder.paths(), recorder.publicKey()).verify("s1");
            assertThat(result.status()).isEqualTo(VerificationResult.Status.OK);
            assertThat(result.describe()).contains("1 event(s) dropped while recording");
        }
    }

    /** Holds the index lock so the writer stalls opening the session, then offers one event too many. */
    private SessionRecording fillWhileTheWriterIsStuck(AuditRecorder recorder) throws Exception {
        SessionRecording recording;
        synchronized (recorder.index()) {
            recording = recorder.open(RecordedSessions.start("s1", "alice", "orders-db", Instant.now()));
            for (int i = 0; i < CAPACITY; i++) {
                assertThat(recording.append(Operation.of("SELECT " + i, "allow", "r"))).isTrue();
            }
            assertThat(registry.get("sluice.audit.queue.depth").gauge().value()).isEqualTo(CAPACITY);
            assertThat(recording.append(Operation.of("SELECT 'one too many'", "allow", "r"))).isFalse();
        }
        recorder.flush().get(10, TimeUnit.SECONDS);
        return recording;
    }

    private AuditRecorder recorder(RecordingFailurePolicy policy) throws Exception {
        return AuditRecorder.start(dataDirectory, new AuditRecorder.Settings(CAPACITY, Duration.ofMillis(200), policy),
                registry, Clock.systemUTC());
    }
}
