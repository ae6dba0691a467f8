package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.audit.SessionFilter;
import dev.sluice.core.audit.SessionIndex;
import dev.sluice.core.audit.SessionSummary;
import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A psql session through Sluice, then {@code sluice replay} and {@code sluice audit verify} on its recording. */
class ReplayIT {
    static final String POLICY = """
            rules:
              - name: support-masked
                match: { groups: [support], connections: ["*"] }
                allow: true
                record: full
                mask:
                  - columns: ["*email*"]
                    masker: email
              - name: no-delete-without-where
                match: { subjects: ["*"], connections: ["*"], where_less_write: true }
                block: "add a WHERE clause"
            """;

    private static String run(String... args) {
        CommandRun run = CommandRun.of(args);
        return run.exitCode() + "\n" + run.out();
    }

    @Test
    void replayShowsStatementsRefusalMaskedValuesAndRowCounts() throws Exception {
        ClientProcess.assumeInstalled("psql");
        try (SluiceHarness sluice = SluiceHarness.start(POLICY)) {
            try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id int PRIMARY KEY, email text)");
                s.execute("INSERT INTO customers VALUES (1, 'ann.smith@example.com'), (2, 'bob.jones@example.org')");
                s.execute("GRANT ALL ON customers TO PUBLIC");
            }
            ClientProcess.Result psql = ClientProcess.run(
                    ClientProcess.libpqEnvironment(sluice.port(), "scram", "sam", sluice.token("sam", "support")), 60,
                    List.of("psql", "-X", "-c", "SELECT id, email FROM customers ORDER BY id", "-c", "DELETE FROM customers",
                            "-c", "SELECT count(*) FROM customers"));
            assertThat(psql.stderr()).contains("no-delete-without-where");
            sluice.gateway.recorder().flush().get(10, TimeUnit.SECONDS);
            String data = sluice.dataDirectory.toString();
            SessionSummary session = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (session == null || session.endedAt() == null) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                List<SessionSummary> sessions = SessionIndex.list(sluice.gateway.recorder().paths(),
                        new SessionFilter("sam", null, null, null, null));
                session = sessions.isEmpty() ? null : sessions.get(0);
                Thread.sleep(50);
            }

            String replay = run("replay", "--data-dir", data, session.sessionId());
            assertThat(replay).startsWith("0\n");
            assertThat(replay).contains("SELECT id, email FROM customers ORDER BY id")
                    .contains("DELETE FROM customers").contains("no-delete-without-where").contains("42501")
                    .contains("SELECT count(*) FROM customers")
                    .contains("(2 rows)").contains("@example.com")
                    .doesNotContain("ann.smith").doesNotContain("bob.jones");

            String verify = run("audit", "verify", "--data-dir", data, session.sessionId());
            assertThat(verify).startsWith("0\n").contains("OK");
        }
    }
}
