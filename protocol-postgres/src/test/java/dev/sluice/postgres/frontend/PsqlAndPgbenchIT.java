package dev.sluice.postgres.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unmodified libpq clients, psql and pgbench, through Sluice to a real PostgreSQL. */
class PsqlAndPgbenchIT {
    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static Map<String, String> env(String connection) {
        return ClientProcess.libpqEnvironment(sluice.port(), connection, "alice", sluice.token("alice"));
    }

    @Test
    void psqlRunsScriptsWithSeveralStatementsPerQuery() throws Exception {
        ClientProcess.assumeInstalled("psql");
        ClientProcess.Result result = ClientProcess.run(env("scram"), 60, List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-At",
                "-c", "CREATE TEMP TABLE t (n int); INSERT INTO t SELECT generate_series(1, 10); SELECT sum(n) FROM t",
                "-c", "SELECT current_setting('application_name')"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).endsWith("55\npsql\n");
    }

    @Test
    void psqlCopiesInAndOutWithBackslashCopy() throws Exception {
        ClientProcess.assumeInstalled("psql");
        Path input = Files.createTempFile("copy-in", ".csv");
        Path output = Files.createTempFile("copy-out", ".csv");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            rows.append(i).append(",\"name, ").append(i).append("\"\n");
        }
        Files.writeString(input, rows);
        ClientProcess.Result result = ClientProcess.run(env("md5"), 60, List.of("psql", "-X", "-v", "ON_ERROR_STOP=1",
                "-c", "CREATE TABLE IF NOT EXISTS copied (id int, name text)",
                "-c", "TRUNCATE copied",
                "-c", "\\copy copied FROM '" + input + "' WITH (FORMAT csv)",
                "-c", "\\copy (SELECT * FROM copied ORDER BY id) TO '" + output + "' WITH (FORMAT csv)"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("COPY 20000");
        assertThat(Files.readString(output)).isEqualTo(rows.toString());
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM copied")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(20_000);
        }
    }

    @Test
    void psqlShowsTheGatewaysRefusalAndExitsNonZero() throws Exception {
        ClientProcess.assumeInstalled("psql");
        Map<String, String> env = ClientProcess.libpqEnvironment(sluice.port(), "restricted", "alice", sluice.token("alice"));
        ClientProcess.Result result = ClientProcess.run(env, 60, List.of("psql", "-X", "-c", "SELECT 1"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("FATAL:  access denied").contains("auditors");
    }

    @Test
    void pgbenchInitializesAndRunsSimpleAndPreparedThroughSluice() throws Exception {
        ClientProcess.assumeInstalled("pgbench");
        ClientProcess.Result init = ClientProcess.run(env("scram"), 120, List.of("pgbench", "-i", "-s", "1", "-q"));
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        for (String protocol : List.of("simple", "extended", "prepared")) {
            ClientProcess.Result run = ClientProcess.run(env("scram"), 120,
                    List.of("pgbench", "-n", "-c", "4", "-j", "2", "-t", "50", "-M", protocol));
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("number of transactions actually processed: 200/200")
                    .contains("number of failed transactions: 0");
        }
    }
}
