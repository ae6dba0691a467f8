package dev.sluice.postgres.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/**
 * Every disguised write and escalation in the classifier's evasion list ({@code policy/src/test/resources/sql/
 * evasions.txt}), sent by a read-only identity through pgjdbc in the simple and the extended protocol: Sluice
 * blocks part of each (its block counter moves), nothing of it completes, and afterwards the backend's data,
 * schema, roles and large objects are as they were. The client usually sees Sluice's refusal (SQLSTATE 42501);
 * when pgjdbc splits a text into several statements and an allowed one fails first, it sees that error instead,
 * exactly as PostgreSQL would order them. Texts pgjdbc itself will not send (unterminated literals) count as
 * refused before reaching Sluice.
 */
class ReadOnlyEvasionIT {
    static final Path EVASIONS = Path.of("..", "policy", "src", "test", "resources", "sql", "evasions.txt");
    static final String POLICY = """
            rules:
              - name: analysts-read-only
                match: { groups: [analysts], connections: ["*"] }
                allow: true
                read_only: true
            """;
    static final String FINGERPRINT = """
            SELECT (SELECT md5(string_agg(oid::text || relname || relkind::text, ',' ORDER BY oid)) FROM pg_class),
                   (SELECT md5(string_agg(a::text || ':' || coalesce(id, 0)::text, ',' ORDER BY a)) FROM t),
                   (SELECT md5(string_agg(rolname || rolsuper::text, ',' ORDER BY rolname)) FROM pg_roles),
                   (SELECT count(*) FROM pg_largeobject_metadata),
                   (SELECT last_value::text || is_called::text FROM s),
                   (SELECT md5(string_agg(proname, ',' ORDER BY oid)) FROM pg_proc)""";

    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start(POLICY);
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a int, id int, b text)");
            s.execute("INSERT INTO t SELECT i, i, 'row ' || i FROM generate_series(1, 20) i");
            s.execute("CREATE TABLE users (id int, name text)");
            s.execute("CREATE SEQUENCE s");
            s.execute("GRANT ALL ON t, users, s TO PUBLIC");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    static List<String> evasions() throws IOException {
        List<String> cases = new ArrayList<>();
        for (String line : Files.readAllLines(EVASIONS)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                cases.add(line.replace("\\n", "\n"));
            }
        }
        return cases;
    }

    /** Sluice's count of blocked operations so far. */
    private static double blocks() {
        return sluice.gateway.meters().find("sluice.policy.decisions").tag("action", "block").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static String fingerprint() throws SQLException {
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE);
             ResultSet rs = c.createStatement().executeQuery(FINGERPRINT)) {
            rs.next();
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= 6; i++) {
                all.append(rs.getString(i)).append('|');
            }
            return all.toString();
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void everyDisguisedWriteIsRefusedAndTheBackendIsUnchanged(String mode) throws Exception {
        List<String> cases = evasions();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        String before = fingerprint();
        Properties properties = new Properties();
        properties.setProperty("preferQueryMode", mode);
        List<String> passed = new ArrayList<>();
        try (Connection c = sluice.connect("scram", sluice.token("ann", "analysts"), properties)) {
            for (String sql : cases) {
                double blocksBefore = blocks();
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                    passed.add(sql + "  -> ran");
                } catch (PSQLException e) {
                    boolean neverSent = e.getServerErrorMessage() == null && "42601".equals(e.getSQLState());
                    if (!neverSent && blocks() == blocksBefore) {
                        passed.add(sql + "  -> " + e.getSQLState() + " " + e.getMessage());
                    }
                }
                if (!c.getAutoCommit() || !c.isValid(5)) {
                    throw new AssertionError("session unusable after: " + sql);
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(20);
            }
        }
        assertThat(passed).as("statements not refused by Sluice").isEmpty();
        assertThat(fingerprint()).isEqualTo(before);
    }
}
