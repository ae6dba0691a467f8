package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainAndSealTest {
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dataDirectory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AuditRecorder recorder;

    @BeforeEach
    void start() throws Exception {
        recorder = AuditRecorder.start(dataDirectory, registry);
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    @Test
    void eachEventPointsAtTheHashOfTheOneBefore() throws Exception {
        String id = RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);

        List<RecordedEvent> events = RecordingReader.read(recorder.paths().recording(id)).events();

        assertThat(events).extracting(RecordedEvent::type).containsExactly("session_start", "operation", "result_rows",
                "outcome", "operation", "outcome", "operation", "outcome", "session_end", "seal");
        assertThat(events.get(0).prev()).isEqualTo(ChainedLines.genesis(id));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i);
            assertThat(events.get(i).prev()).isEqualTo(events.get(i - 1).hash());
        }
    }

    @Test
    void aRecordedSessionVerifiesWithTheExportedPublicKey() throws Exception {
        String id = RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);

        AuditVerifier verifier = new AuditVerifier(recorder.paths(), AuditKey.readPublicKey(recorder.paths().publicKey()));

        assertThat(verifier.verify(id)).isEqualTo(new VerificationResult(id, VerificationResult.Status.OK, 9, ""));
    }

    @Test
    void aSealSignedByAnotherKeyIsTampered() throws Exception {
        String id = RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);
        var otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        VerificationResult result = new AuditVerifier(recorder.paths(), otherKey).verify(id);

        assertThat(result.status()).isEqualTo(VerificationResult.Status.TAMPERED);
        assertThat(result.detail()).contains("seal at seq 9").contains("invalid signature");
        assertThat(result.lastGoodSeq()).isEqualTo(8);
    }

    @Test
    void eventsCarryWhoWhatAndTheDecision() throws Exception {
        String id = RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);

        List<RecordedEvent> events = RecordingReader.read(recorder.paths().recording(id)).events();
        JsonNode start = events.get(0).data();
        JsonNode blocked = events.get(4).data();
        JsonNode seal = events.get(9).data();

        assertThat(start.path("subject").asText()).isEqualTo("alice");
        assertThat(start.path("connection").asText()).isEqualTo("orders-db");
        assertThat(start.path("started_at").asText()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(blocked.path("action").asText()).isEqualTo("block");
        assertThat(blocked.path("rule").asText()).isEqualTo("no-unbounded-delete");
        assertThat(events.get(3).data().path("masked_values").path("email").asLong()).isEqualTo(2);
        assertThat(seal.path("key").asText()).isEqualTo(AuditKey.fingerprint(recorder.publicKey()));
    }

    @Test
    void theIndexListsTheSessionAsClosedWithItsSeal() throws Exception {
        String id = RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);

        SessionSummary summary = SessionIndex.find(recorder.paths(), id).orElseThrow();

        assertThat(summary.status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(summary.reason()).isEqualTo("client closed");
        assertThat(summary.lastSeq()).isEqualTo(9);
        assertThat(summary.sealHash()).isEqualTo(RecordingReader.read(recorder.paths().recording(id)).events().get(9).hash());
    }

    @Test
    void tokensInFreeTextNeverReachTheRecording() throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";
        SessionRecording recording = recorder.open(RecordedSessions.start("s2", "alice", "orders-db", START));
        recording.append(Operation.of("SELECT set_config('app.token', '" + jwt + "', false)", "allow", "r"));
        recording.append(Outcome.failure("XX000", "upstream said: Authorization: Bearer abcdefghijklmnop", java.time.Duration.ZERO));
        recording.close("client closed").get(10, TimeUnit.SECONDS);

        String file = Files.readString(recorder.paths().recording("s2"), StandardCharsets.UTF_8);

        assertThat(file).doesNotContain(jwt).doesNotContain("abcdefghijklmnop").contains("'****'").contains("Bearer ****");
    }

    @Test
    void aSessionIdAlreadyRecordedIsNotOverwritten() throws Exception {
        RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);
        byte[] sealed = Files.readAllBytes(recorder.paths().recording("s1"));

        SessionRecording again = recorder.open(RecordedSessions.start("s1", "mallory", "orders-db", START));
        again.append(Operation.of("SELECT 1", "allow", "r"));
        recorder.flush().get(10, TimeUnit.SECONDS);

        assertThat(again.healthy()).isFalse();
        assertThat(again.flagged()).isTrue();
        assertThat(Files.readAllBytes(recorder.paths().recording("s1"))).isEqualTo(sealed);
    }

    @Test
    void nullParametersAreRecordedAsNull() throws Exception {
        SessionRecording recording = recorder.open(RecordedSessions.start("s3", "alice", "orders-db", START));
        recording.append(new Operation("SELECT $1, $2", java.util.Arrays.asList("1", null), "allow", "r", List.of()));
        recording.close("client closed").get(10, TimeUnit.SECONDS);

        JsonNode parameters = RecordingReader.read(recorder.paths().recording("s3")).events().get(1).data().path("parameters");

        assertThat(parameters.get(1).isNull()).isTrue();
    }

    @Test
    void redactionLeavesOrdinaryTextAlone() {
        assertThat(Redaction.redact("SELECT email FROM customers WHERE id = 42")).isEqualTo("SELECT email FROM customers WHERE id = 42");
        assertThat(Redaction.redact("token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig-part here"))
                .isEqualTo("token **** here");
    }

    @Test
    void theAuditKeyIsOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recorder.paths().privateKey())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recorder.paths().publicKey())))
                .isEqualTo("rw-------");
        assertThat(recorder.key().toString()).contains("****").startsWith("AuditKey[sha256:");
    }

    @Test
    void aRestartedRecorderKeepsItsKey() throws Exception {
        var before = recorder.publicKey();
        recorder.close();
        recorder = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry());

        assertThat(recorder.publicKey()).isEqualTo(before);
    }

    @Test
    void theWriterCountsWhatItRecorded() throws Exception {
        RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);

        assertThat(registry.get("sluice.audit.events").tag("result", "recorded").counter().count()).isEqualTo(10);
        assertThat(registry.get("sluice.audit.queue.depth").gauge().value()).isZero();
        assertThat(registry.get("sluice.audit.fsync").timer().count()).isPositive();
    }
}
