package dev.sluice.postgres.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.audit.AuditVerifier;
import dev.sluice.core.audit.RecordedEvent;
import dev.sluice.core.audit.RecordingReader;
import dev.sluice.core.audit.SessionFilter;
import dev.sluice.core.audit.SessionIndex;
import dev.sluice.core.audit.SessionSummary;
import dev.sluice.core.audit.VerificationResult;
import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sessions through Sluice leave verifiable recordings that hold the statements, decisions and masked results only. */
class RecordingIT {
    static final String POLICY = """
            rules:
              - name: support-masked
                match: { groups: [support], connections: ["*"] }
                allow: true
                record: full
                mask:
                  - columns: ["*email*"]
                    masker: email
              - name: no-drop
                match: { subjects: ["*"], connections: ["*"], command_tags: ["DROP *"] }
                block: "DROP is not allowed through Sluice"
            """;
    static final String EMAIL = "ann.smith@example.com";

    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start(POLICY);
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, email text)");
            s.execute("INSERT INTO customers VALUES (1, '" + EMAIL + "'), (2, 'bob@example.org'), (3, 'cy@example.net')");
            s.execute("GRANT ALL ON customers TO PUBLIC");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static SessionSummary lastSessionOf(String subject) throws Exception {
        sluice.gateway.recorder().flush().get(10, TimeUnit.SECONDS);
        List<SessionSummary> sessions = SessionIndex.list(sluice.gateway.recorder().paths(),
                new SessionFilter(subject, null, null, null, null));
        assertThat(sessions).isNotEmpty();
        return sessions.get(sessions.size() - 1);
    }

    private static List<RecordedEvent> eventsOf(String sessionId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RecordingReader.Contents contents = RecordingReader.read(sluice.gateway.recorder().paths().recording(sessionId));
        while (!contents.sealed() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            contents = RecordingReader.read(sluice.gateway.recorder().paths().recording(sessionId));
        }
        assertThat(contents.sealed()).isTrue();
        return contents.events();
    }

    @Test
    void psqlSessionIsRecordedWithDecisionsMaskedRowsAndCountsAndVerifies() throws Exception {
        ClientProcess.assumeInstalled("psql");
        ClientProcess.Result result = ClientProcess.run(
                ClientProcess.libpqEnvironment(sluice.port(), "scram", "sam", sluice.token("sam", "support")), 60,
                List.of("psql", "-X", "-c", "SELECT id, email FROM customers ORDER BY id", "-c", "DROP TABLE customers",
                        "-c", "SELECT count(*) FROM customers"));
        assertThat(result.stdout()).doesNotContain(EMAIL);
        SessionSummary session = lastSessionOf("sam");
        List<RecordedEvent> events = eventsOf(session.sessionId());
        List<String> types = events.stream().map(RecordedEvent::type).toList();
        assertThat(types).startsWith("session_start").contains("operation", "outcome", "result_rows", "session_end", "seal");

        List<JsonNode> operations = events.stream().filter(e -> e.type().equals("operation")).map(RecordedEvent::data).toList();
        assertThat(operations).extracting(o -> o.get("text").asText())
                .containsExactly("SELECT id, email FROM customers ORDER BY id", "DROP TABLE customers", "SELECT count(*) FROM customers");
        assertThat(operations).extracting(o -> o.get("action").asText()).containsExactly("allow", "block", "allow");
        assertThat(operations.get(1).get("rule").asText()).isEqualTo("no-drop");

        List<JsonNode> outcomes = events.stream().filter(e -> e.type().equals("outcome")).map(RecordedEvent::data).toList();
        assertThat(outcomes.get(0).get("command_tag").asText()).isEqualTo("SELECT 3");
        assertThat(outcomes.get(0).get("rows").asLong()).isEqualTo(3);
        assertThat(outcomes.get(0).get("masked_values").toString()).contains("mask[0]");
        assertThat(outcomes.get(1).get("error_code").asText()).isEqualTo("42501");

        String recording = Files.readString(sluice.gateway.recorder().paths().recording(session.sessionId()));
        assertThat(recording).doesNotContain(EMAIL).doesNotContain(PostgresBackend.PASSWORD).contains("@example.com");

        VerificationResult verified = new AuditVerifier(sluice.gateway.recorder().paths(), sluice.gateway.recorder().publicKey())
                .verify(session.sessionId());
        assertThat(verified.status()).isEqualTo(VerificationResult.Status.OK);
    }

    @Test
    void preparedStatementsAreRecordedPerExecutionWithParametersAndNoSecrets() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("alice", "dba"));
             PreparedStatement select = c.prepareStatement("SELECT email FROM customers WHERE id = ?")) {
            for (int id = 1; id <= 3; id++) {
                select.setInt(1, id);
                select.executeQuery().close();
            }
            c.createStatement().execute("SET application_name = 'x'; SELECT 'password=hunter2'");
        }
        List<RecordedEvent> events = eventsOf(lastSessionOf("alice").sessionId());
        List<JsonNode> executions = events.stream().filter(e -> e.type().equals("operation"))
                .map(RecordedEvent::data).filter(o -> o.get("text").asText().startsWith("SELECT email")).toList();
        assertThat(executions).hasSize(3);
        assertThat(executions.get(2).get("parameters").toString()).contains("3");
        assertThat(executions).as("each execution and its outcome are one line")
                .allSatisfy(o -> assertThat(o.path("outcome").path("command_tag").asText()).isEqualTo("SELECT 1"));
        assertThat(events.stream().filter(e -> e.type().equals("outcome")).toList())
                .as("two statements in one request cycle (pgjdbc sends them before one Sync) keep their own outcome lines")
                .hasSize(2);
        String recording = Files.readString(sluice.gateway.recorder().paths().recording(lastSessionOf("alice").sessionId()));
        assertThat(recording).doesNotContain("hunter2").doesNotContain("eyJ");
        assertThat(events.stream().filter(e -> e.type().equals("result_rows")).toList())
                .as("metadata level records no rows").isEmpty();
    }

    @Test
    void aRunningStatementIsOnRecordBeforeItFinishesAndItsOutcomeFollows() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("bea", "dba")); Statement s = c.createStatement()) {
            s.execute("SELECT 'warm-up'");
            String sessionId = lastSessionOf("bea").sessionId();
            Thread running = new Thread(() -> {
                try {
                    s.execute("SELECT pg_sleep(3)");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            running.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            String recording = "";
            while (!recording.contains("pg_sleep") && System.nanoTime() < deadline) {
                Thread.sleep(20);
                recording = Files.readString(sluice.gateway.recorder().paths().recording(sessionId));
            }
            assertThat(recording).as("written while it runs, as a crash would leave it").contains("SELECT pg_sleep(3)");
            running.join();
        }
        List<RecordedEvent> events = eventsOf(lastSessionOf("bea").sessionId());
        List<RecordedEvent> statement = events.stream()
                .filter(e -> e.data().path("text").asText().contains("pg_sleep") || e.type().equals("outcome")).toList();
        assertThat(statement).extracting(RecordedEvent::type).containsExactly("operation", "outcome");
        assertThat(statement.get(0).data().has("outcome")).isFalse();
        assertThat(statement.get(1).data().path("command_tag").asText()).isEqualTo("SELECT 1");
        assertThat(events).filteredOn(e -> e.data().path("text").asText().equals("SELECT 'warm-up'"))
                .singleElement().satisfies(e -> assertThat(e.data().path("outcome").path("rows").asLong()).isEqualTo(1));
    }

    @Test
    void refusedStatementsAreWrittenAtOnceWithTheirRefusalAfter() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("cal", "dba")); Statement s = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("DROP TABLE customers"))
                    .hasMessageContaining("DROP");
            s.execute("SELECT 1");
        }
        List<RecordedEvent> events = eventsOf(lastSessionOf("cal").sessionId());
        List<String> lines = events.stream().filter(e -> e.type().equals("operation") || e.type().equals("outcome"))
                .map(e -> e.type() + ":" + e.data().path("action").asText(e.data().path("error_code").asText())
                        + (e.data().has("outcome") ? "+outcome" : ""))
                .toList();
        assertThat(lines.subList(lines.indexOf("operation:block"), lines.size()))
                .as("the refused statement's Execute is no operation of its own")
                .containsExactly("operation:block", "outcome:42501", "operation:allow+outcome");
    }
}
