package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTaskTest {
    private static final Instant START = Instant.parse("2026-01-10T09:00:00Z");

    @TempDir
    Path dataDirectory;

    private final MutableClock clock = new MutableClock(START);
    private AuditRecorder recorder;

    @BeforeEach
    void start() throws Exception {
        recorder = AuditRecorder.start(dataDirectory, AuditRecorder.Settings.DEFAULTS, new SimpleMeterRegistry(), clock);
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    @Test
    void expiredSessionsAreDeletedAndLoggedAndVerifyKnowsThem() throws Exception {
        RecordedSessions.recordPostgresSession(recorder, "old", "alice", START);
        clock.advance(Duration.ofDays(100));
        RecordedSessions.recordPostgresSession(recorder, "recent", "bob", clock.instant());
        SessionRecording open = recorder.open(RecordedSessions.start("open", "carol", "orders-db", clock.instant()));
        recorder.flush().get();
        clock.advance(Duration.ofDays(300));

        List<String> deleted = new RetentionTask(recorder, 365, clock).deleteExpired();

        assertThat(deleted).containsExactly("old");
        assertThat(recorder.paths().recording("old")).doesNotExist();
        assertThat(recorder.paths().recording("recent")).exists();
        AuditVerifier verifier = new AuditVerifier(recorder.paths(), recorder.publicKey());
        assertThat(verifier.verifyDeletionLog()).isNull();
        VerificationResult old = verifier.verify("old");
        assertThat(old.status()).isEqualTo(VerificationResult.Status.DELETED);
        assertThat(old.lastGoodSeq()).isEqualTo(9);
        assertThat(old.detail()).startsWith("retention 365 days at ");
        assertThat(verifier.verifyAll()).noneMatch(VerificationResult::tampered);
        assertThat(SessionIndex.find(recorder.paths(), "old").orElseThrow().status()).isEqualTo(SessionStatus.DELETED);
        assertThat(DeletionLog.read(recorder.paths())).singleElement()
                .satisfies(deletion -> assertThat(deletion.lastHash()).isEqualTo(
                        SessionIndex.find(recorder.paths(), "old").orElseThrow().sealHash()));
        open.close("client closed").get();
    }

    @Test
    void eachDeletionChainsToTheOneBefore() throws Exception {
        RecordedSessions.recordPostgresSession(recorder, "a", "alice", START);
        RecordedSessions.recordPostgresSession(recorder, "b", "bob", START);
        clock.advance(Duration.ofDays(40));

        new RetentionTask(recorder, 30, clock).deleteExpired();

        List<String> lines = Files.readAllLines(recorder.paths().deletions(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        ChainedLines.Parsed first = ChainedLines.parse(lines.get(0).getBytes(StandardCharsets.UTF_8));
        ChainedLines.Parsed second = ChainedLines.parse(lines.get(1).getBytes(StandardCharsets.UTF_8));
        assertThat(first.prev()).isEqualTo(ChainedLines.genesis(DeletionLog.CHAIN_NAME));
        assertThat(second.prev()).isEqualTo(first.hash());
        assertThat(second.signature()).isNotNull();
    }

    @Test
    void anEditedDeletionLogNoLongerExcusesAMissingRecording() throws Exception {
        RecordedSessions.recordPostgresSession(recorder, "a", "alice", START);
        clock.advance(Duration.ofDays(40));
        new RetentionTask(recorder, 30, clock).deleteExpired();
        Path log = recorder.paths().deletions();
        Files.writeString(log, Files.readString(log).replace("retention 30 days", "retention 3 days"));

        AuditVerifier verifier = new AuditVerifier(recorder.paths(), recorder.publicKey());

        assertThat(verifier.verifyDeletionLog()).isEqualTo("seq 0 (line 1) does not match its hash");
        VerificationResult result = verifier.verify("a");
        assertThat(result.status()).isEqualTo(VerificationResult.Status.TAMPERED);
        assertThat(result.detail()).contains("deletion log is damaged");
    }

    @Test
    void openSessionsAndRecentOnesAreKept() throws Exception {
        SessionRecording open = recorder.open(RecordedSessions.start("open", "carol", "orders-db", START));
        recorder.flush().get();
        clock.advance(Duration.ofDays(1000));

        assertThat(new RetentionTask(recorder, 30, clock).deleteExpired()).isEmpty();
        assertThat(recorder.paths().recording("open")).exists();
        open.close("client closed").get();
    }

    @Test
    void retentionIsAtLeastADay() {
        assertThatThrownBy(() -> new RetentionTask(recorder, 0, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one day");
    }
}
