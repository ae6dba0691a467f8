package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.audit.AuditRecorder;
import dev.sluice.core.audit.Operation;
import dev.sluice.core.audit.Outcome;
import dev.sluice.core.audit.RecordedSessions;
import dev.sluice.core.audit.SessionRecording;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit commands on recordings made by the real recorder. */
class AuditCommandsTest {
    @TempDir
    Path dataDirectory;

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void record() throws Exception {
        try (AuditRecorder recorder = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry())) {
            RecordedSessions.recordPostgresSession(recorder, "s1", "alice", Instant.parse("2026-11-20T09:00:00Z"));
            RecordedSessions.recordPostgresSession(recorder, "s2", "bob", Instant.parse("2026-11-21T09:00:00Z"));
        }
    }

    @Test
    void verifyReportsEverySessionOk() {
        CommandRun run = CommandRun.of("audit", "verify", "--data-dir", dataDirectory.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).startsWith("s1 OK", "s2 OK");
        assertThat(run.out()).contains("2 session(s) checked with key sha256:").contains("no tampering found");
    }

    @Test
    void verifyFailsOnTamperingAndSaysWhere() throws Exception {
        Path file = dataDirectory.resolve("recordings/s2.jsonl");
        Files.writeString(file, Files.readString(file).replace("DELETE FROM customers", "DELETE FROM Customers"));

        CommandRun run = CommandRun.of("audit", "verify", "--data-dir", dataDirectory.toString());

        assertThat(run.exitCode()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.lines()).contains("s1 OK",
                "s2 TAMPERED (seq 4 (line 5) does not match its hash: the event was changed)");
        assertThat(run.out()).contains("TAMPERING FOUND");
    }

    @Test
    void verifyTellsACutOffSessionFromATamperedOne() throws Exception {
        RecordedSessions.recordCutOffSession(dataDirectory, "s3", Instant.parse("2026-11-21T10:00:00Z"));

        CommandRun run = CommandRun.of("audit", "verify", "--data-dir", dataDirectory.toString(), "s3", "s1");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.lines()).startsWith("s3 CUT_OFF (last seq 2, torn last line)", "s1 OK");
    }

    @Test
    void verifyFindsTheDataDirectoryThroughTheConfiguration() throws Exception {
        Path config = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-sluice.yaml");
        Files.writeString(config, "data_directory: " + dataDirectory + "\n"
                + "listeners:\n  - name: pg\n    protocol: postgres\n    bind: 127.0.0.1:0\n    allow_plaintext: true\n"
                + "identity:\n  development_issuer:\n    enabled: true\n");
        try {
            CommandRun run = CommandRun.of("audit", "verify", "--config", config.toString(), "s1");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.lines()).startsWith("s1 OK");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void verifyWithAnotherPublicKeyFindsTheSealsInvalid() throws Exception {
        Path otherKeys = Files.createDirectories(dataDirectory.resolve("elsewhere"));
        AuditRecorder.start(otherKeys, new SimpleMeterRegistry()).close();

        CommandRun run = CommandRun.of("audit", "verify", "--data-dir", dataDirectory.toString(), "--public-key",
                otherKeys.resolve("audit/audit-key.public.pem").toString(), "s1");

        assertThat(run.exitCode()).isEqualTo(AuditCommand.TAMPERED);
        assertThat(run.lines().get(0)).startsWith("s1 TAMPERED (seal at seq 9 (line 10) has an invalid signature");
    }

    @Test
    void sessionsListFilters() {
        CommandRun all = CommandRun.of("sessions", "list", "--data-dir", dataDirectory.toString());
        CommandRun bob = CommandRun.of("sessions", "list", "--data-dir", dataDirectory.toString(), "--subject", "bob", "--status", "closed");
        CommandRun since = CommandRun.of("sessions", "list", "--data-dir", dataDirectory.toString(), "--since", "2026-11-21");

        assertThat(all.lines()).hasSize(4).last().isEqualTo("2 session(s)");
        assertThat(bob.lines()).hasSize(3);
        assertThat(bob.lines().get(1)).startsWith("s2").contains("closed").contains("bob").contains("orders-db")
                .contains("2026-11-21T09:00:00Z").endsWith("10");
        assertThat(since.lines().get(1)).startsWith("s2");
    }

    @Test
    void sessionsListRefusesAnUnknownStatus() {
        CommandRun run = CommandRun.of("sessions", "list", "--data-dir", dataDirectory.toString(), "--status", "sealed");

        assertThat(run.exitCode()).isEqualTo(Configs.INVALID);
        assertThat(run.err()).contains("--status").contains("sealed");
    }

    @Test
    void sessionsShowPrintsTheTimeline() {
        CommandRun run = CommandRun.of("sessions", "show", "--data-dir", dataDirectory.toString(), "s1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("session s1  closed (client closed)")
                .contains("#0    session_start   alice (dba,dev) from 127.0.0.1:53122 via psql to orders-db [postgres]")
                .contains("#1    operation       ALLOW by rule read-customers: SELECT id, email FROM customers WHERE id < $1 params [3]")
                .contains("#3    outcome         SELECT 2, 2 row(s), 96 bytes, 4 ms, masked email=2")
                .contains("#4    operation       BLOCK by rule no-unbounded-delete: DELETE FROM customers")
                .contains("#5    outcome         ERROR 42501: Sluice refused DELETE: rule no-unbounded-delete")
                .contains("#9    seal            sealed after 9 event(s), key sha256:");
    }

    @Test
    void replayShowsWhatTheUserSaw() {
        CommandRun run = CommandRun.of("replay", "--data-dir", dataDirectory.toString(), "s1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join("\n",
                "-- alice on orders-db (postgres, psql) at 2026-11-20T09:00:00Z",
                "",
                "orders-db=> SELECT id, email FROM customers WHERE id < $1;",
                " id |      email",
                "----+------------------",
                " 1  | a***@example.com",
                " 2  | b***@example.com",
                "(2 rows)",
                "",
                "orders-db=> DELETE FROM customers;",
                "ERROR:  Sluice refused DELETE: rule no-unbounded-delete  (SQLSTATE 42501)",
                "",
                "orders-db=> SELECT * FROM missing_table;",
                "ERROR:  relation \"missing_table\" does not exist  (SQLSTATE 42P01)",
                "",
                "-- session ended: client closed",
                ""));
    }

    @Test
    void statementsRecordedWithTheirOutcomeShowAndReplayLikeSeparateLines(@TempDir Path other) throws Exception {
        try (AuditRecorder recorder = AuditRecorder.start(other, new SimpleMeterRegistry())) {
            SessionRecording recording = recorder.open(RecordedSessions.start("c1", "carol", "orders-db",
                    Instant.parse("2026-11-22T09:00:00Z")));
            recording.append(new Operation("SELECT abalance FROM pgbench_accounts WHERE aid = $1", List.of("7"), "allow",
                    "bench", List.of()).withOutcome(Outcome.success("SELECT 1", 1, 16, Duration.ofMillis(2), Map.of())));
            recording.append(Operation.of("SELECT * FROM missing_table", "allow", "bench")
                    .withOutcome(Outcome.failure("42P01", "relation \"missing_table\" does not exist", Duration.ZERO)));
            recording.close("client closed").get(10, TimeUnit.SECONDS);
        }

        CommandRun show = CommandRun.of("sessions", "show", "--data-dir", other.toString(), "c1");
        CommandRun replay = CommandRun.of("replay", "--data-dir", other.toString(), "c1");
        CommandRun verify = CommandRun.of("audit", "verify", "--data-dir", other.toString());

        assertThat(show.out()).contains("#1    operation       ALLOW by rule bench: SELECT abalance FROM pgbench_accounts"
                + " WHERE aid = $1 params [7] -> SELECT 1, 1 row(s), 16 bytes, 2 ms")
                .contains("#2    operation       ALLOW by rule bench: SELECT * FROM missing_table -> ERROR 42P01: relation");
        assertThat(replay.out()).isEqualTo(String.join("\n",
                "-- carol on orders-db (postgres, psql) at 2026-11-22T09:00:00Z",
                "",
                "orders-db=> SELECT abalance FROM pgbench_accounts WHERE aid = $1;",
                "SELECT 1",
                "",
                "orders-db=> SELECT * FROM missing_table;",
                "ERROR:  relation \"missing_table\" does not exist  (SQLSTATE 42P01)",
                "",
                "-- session ended: client closed",
                ""));
        assertThat(verify.lines()).first().isEqualTo("c1 OK");
    }

    @Test
    void exportKeepsEachRecordedLineByteForByte() throws Exception {
        CommandRun run = CommandRun.of("audit", "export", "--data-dir", dataDirectory.toString(), "--since", "2026-11-21T00:00:00Z");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> recorded = Files.readAllLines(dataDirectory.resolve("recordings/s2.jsonl"));
        assertThat(run.lines()).hasSize(recorded.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < recorded.size(); i++) {
            JsonNode exported = json.readTree(run.lines().get(i));
            assertThat(exported.path("session").asText()).isEqualTo("s2");
            assertThat(run.lines().get(i)).isEqualTo("{\"session\":\"s2\",\"event\":" + recorded.get(i) + "}");
        }
    }

    @Test
    void exportRefusesOtherFormats() {
        CommandRun run = CommandRun.of("audit", "export", "--data-dir", dataDirectory.toString(), "--format", "csv");

        assertThat(run.exitCode()).isEqualTo(Configs.INVALID);
        assertThat(run.err()).contains("only jsonl");
    }

    @Test
    void aDataDirectoryWithoutRecordingsIsNamed() {
        CommandRun run = CommandRun.of("sessions", "list", "--data-dir", dataDirectory.resolve("nothing-here").toString());

        assertThat(run.exitCode()).isEqualTo(Configs.INVALID);
        assertThat(run.err()).contains("no recordings in").contains("nothing-here");
    }

}
