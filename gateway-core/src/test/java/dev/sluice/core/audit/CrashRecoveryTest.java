package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway that dies mid-session leaves a recording that is cut off, not tampered. */
class CrashRecoveryTest {
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dataDirectory;

    @Test
    void aSessionLeftOpenByACrashIsMarkedCutOffWithItsLastGoodSeq() throws Exception {
        AuditRecorder crashed = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry());
        SessionRecording recording = crashed.open(RecordedSessions.start("s1", "alice", "orders-db", START));
        recording.append(Operation.of("SELECT 1", "allow", "r"));
        recording.append(Operation.of("SELECT 2", "allow", "r"));
        crashed.flush().get(10, TimeUnit.SECONDS);
        crashed.halt();
        Path file = crashed.paths().recording("s1");
        long before = Files.size(file);
        Files.writeString(file, "{\"seq\":3,\"type\":\"operation\",\"at\":\"2026-11-20T09:0", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        byte[] leftByTheCrash = Files.readAllBytes(file);

        try (AuditRecorder restarted = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry())) {
            assertThat(restarted.cutOffAtStartup()).containsExactly("s1");
            SessionSummary summary = SessionIndex.find(restarted.paths(), "s1").orElseThrow();
            assertThat(summary.status()).isEqualTo(SessionStatus.CUT_OFF);
            assertThat(summary.lastSeq()).isEqualTo(2);

            VerificationResult result = new AuditVerifier(restarted.paths(), restarted.publicKey()).verify("s1");
            assertThat(result).isEqualTo(new VerificationResult("s1", VerificationResult.Status.CUT_OFF, 2, "torn last line"));
            assertThat(result.describe()).isEqualTo("s1 CUT_OFF (last seq 2, torn last line)");
        }
        assertThat(Files.readAllBytes(file)).as("the recording is not rewritten").isEqualTo(leftByTheCrash);
        assertThat(before).isPositive();
    }

    @Test
    void aCutOffSessionTruncatedFurtherIsTampered() throws Exception {
        AuditRecorder crashed = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry());
        SessionRecording recording = crashed.open(RecordedSessions.start("s1", "alice", "orders-db", START));
        recording.append(Operation.of("SELECT 1", "allow", "r"));
        recording.append(Operation.of("SELECT 2", "allow", "r"));
        crashed.flush().get(10, TimeUnit.SECONDS);
        crashed.halt();
        AuditRecorder.start(dataDirectory, new SimpleMeterRegistry()).close();
        Path file = crashed.paths().recording("s1");
        var lines = Files.readAllLines(file);
        Files.writeString(file, lines.get(0) + "\n" + lines.get(1) + "\n");

        VerificationResult result = new AuditVerifier(crashed.paths(), crashed.publicKey()).verify("s1");

        assertThat(result.status()).isEqualTo(VerificationResult.Status.TAMPERED);
        assertThat(result.detail()).contains("cut off at seq 2 but the file ends after seq 1");
    }

    @Test
    void aDamagedIndexIsRebuiltFromTheRecordings() throws Exception {
        try (AuditRecorder recorder = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry())) {
            RecordedSessions.recordPostgresSession(recorder, "s1", "alice", START);
            RecordedSessions.recordPostgresSession(recorder, "s2", "bob", START.plusSeconds(60));
        }
        Path index = new AuditPaths(dataDirectory).index();
        Files.writeString(index, "garbage\n" + Files.readString(index));

        try (AuditRecorder restarted = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry())) {
            assertThat(SessionIndex.read(restarted.paths()).values())
                    .extracting(SessionSummary::sessionId, SessionSummary::subject, SessionSummary::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", "alice", SessionStatus.CLOSED),
                            org.assertj.core.groups.Tuple.tuple("s2", "bob", SessionStatus.CLOSED));
            assertThat(Files.readString(index)).doesNotContain("garbage");
        }
    }

    @Test
    void closingTheRecorderSealsWhatIsStillOpen() throws Exception {
        try (AuditRecorder recorder = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry())) {
            recorder.open(RecordedSessions.start("s1", "alice", "orders-db", START)).append(Operation.of("SELECT 1", "allow", "r"));
        }
        AuditPaths paths = new AuditPaths(dataDirectory);

        assertThat(SessionIndex.find(paths, "s1").orElseThrow().reason()).isEqualTo("gateway stopped");
        assertThat(new AuditVerifier(paths, AuditKey.readPublicKey(paths.publicKey())).verify("s1").status())
                .isEqualTo(VerificationResult.Status.OK);
    }
}
