package dev.sluice.postgres.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Results masked per identity on the wire, through pgjdbc and psql, against a real PostgreSQL. */
class MaskingIT {
    static final String POLICY = """
            rules:
              - name: support-masked
                match: { groups: [support], connections: ["*"] }
                allow: true
                mask:
                  - columns: ["*email*"]
                    masker: email
                  - table_columns: [customers.card_number]
                    masker: { partial: { keep_last: 4 } }
                  - name: secrets
                    detectors: [card, us_ssn, iban, jwt, aws_access_key, private_key, secret_assignment, email]
                    masker: redact
              - name: analysts-detected
                match: { groups: [analysts], connections: ["*"] }
                allow: true
                mask:
                  - name: detected
                    detectors: [card, us_ssn, email]
                    masker: redact
            """;
    static final String EMAIL = "ann.smith@example.com";
    static final String CARD = "4242424242424242";
    static final String SSN = "123-45-6789";
    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";

    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start(POLICY);
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text, email text UNIQUE, card_number text,"
                    + " card_as_number bigint, notes text)");
            s.execute("INSERT INTO customers VALUES (1, 'Ann', '" + EMAIL + "', '" + CARD + "', " + CARD
                    + ", 'ssn " + SSN + ", key " + AWS_KEY + "')");
            s.execute("INSERT INTO customers VALUES (2, 'Bob', 'bob@example.org', '5555555555554444', 7, 'nothing here')");
            s.execute("GRANT ALL ON customers TO PUBLIC");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static Connection as(String subject, String group, Properties properties) throws SQLException {
        return sluice.connect("scram", sluice.token(subject, group), properties);
    }

    private static List<String> row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }

    private static void assertNoRawValue(String text) {
        assertThat(text).doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain(SSN).doesNotContain(AWS_KEY);
    }

    @Test
    void sameQueryIsMaskedForSupportAndClearForTheDba() throws Exception {
        String sql = "SELECT email, card_number, notes FROM customers WHERE id = 1";
        try (Connection support = as("sam", "support", new Properties())) {
            List<String> masked = row(support, sql);
            assertThat(masked.get(0)).endsWith("@example.com").isNotEqualTo(EMAIL);
            assertThat(masked.get(1)).endsWith("4242").startsWith("*");
            assertThat(masked.get(2)).startsWith("ssn ").doesNotContain(SSN).doesNotContain(AWS_KEY);
        }
        try (Connection dba = as("alice", "dba", new Properties())) {
            assertThat(row(dba, sql)).containsExactly(EMAIL, CARD, "ssn " + SSN + ", key " + AWS_KEY);
        }
    }

    @Test
    void renamingAColumnDoesNotEscapeTableColumnRules() throws Exception {
        try (Connection support = as("sam", "support", new Properties())) {
            List<String> masked = row(support, "SELECT card_number AS c, email AS contact FROM customers c WHERE id = 1");
            assertThat(masked.get(0)).endsWith("4242").startsWith("*");
            assertNoRawValue(String.join(" ", masked));
        }
    }

    @Test
    void preparedStatementsReusedWithoutDescribeAndBinaryIntegersAreMasked() throws Exception {
        Properties serverPrepared = new Properties();
        serverPrepared.setProperty("prepareThreshold", "1");
        serverPrepared.setProperty("binaryTransfer", "true");
        try (Connection support = as("sam", "support", serverPrepared);
             PreparedStatement select = support.prepareStatement(
                     "SELECT email, card_as_number, notes, id FROM customers WHERE id = ?")) {
            for (int i = 0; i < 5; i++) {
                select.setInt(1, 1);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertNoRawValue(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                    assertThat(rs.getObject(2)).isNull();
                    assertThat(rs.getInt(4)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void returningAndErrorDetailsAreMasked() throws Exception {
        try (Connection support = as("sam", "support", new Properties()); Statement s = support.createStatement()) {
            support.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("INSERT INTO customers VALUES (3, 'Cy', 'cy.jones@example.net', '"
                    + CARD + "', 1, 'x') RETURNING email, card_number")) {
                rs.next();
                assertThat(rs.getString(1)).doesNotContain("cy.jones").endsWith("@example.net");
                assertThat(rs.getString(2)).doesNotContain(CARD);
            }
            support.rollback();
            assertThatThrownBy(() -> s.execute("INSERT INTO customers VALUES (4, 'Dup', '" + EMAIL + "', null, null, null)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("23505");
                        assertNoRawValue(e.getMessage());
                    });
            support.rollback();
        }
    }

    @Test
    void notificationPayloadsAreMasked() throws Exception {
        try (Connection support = as("sam", "support", new Properties());
             Connection dba = as("alice", "dba", new Properties())) {
            support.createStatement().execute("LISTEN changes");
            dba.createStatement().execute("NOTIFY changes, 'customer " + EMAIL + " updated'");
            PGNotification[] received = support.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(received).hasSize(1);
            assertNoRawValue(received[0].getParameter());
        }
    }

    private static ClientProcess.Result psql(String subject, String group, String command) throws Exception {
        return ClientProcess.run(ClientProcess.libpqEnvironment(sluice.port(), "scram", subject, sluice.token(subject, group)),
                60, List.of("psql", "-X", "-c", command));
    }

    private static String copyOut(Connection c, String sql) throws Exception {
        StringWriter out = new StringWriter();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        return out.toString();
    }

    @Test
    void psqlCopyOfAQueryIsMaskedPerColumnForSupportAndClearForTheDba() throws Exception {
        ClientProcess.assumeInstalled("psql");
        String copy = "\\copy (SELECT id, email, card_number, notes FROM customers WHERE id <= 2 ORDER BY id) TO STDOUT WITH (FORMAT csv)";
        ClientProcess.Result masked = psql("sam", "support", copy);
        assertThat(masked.exitCode()).as(masked.stderr()).isZero();
        List<String> lines = masked.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("1,a").contains("@example.com,************4242,")
                .contains("ssn ****").doesNotContain(EMAIL);
        assertThat(lines.get(1)).isEqualTo("2,b***@example.org,************4444,nothing here");
        assertNoRawValue(masked.stdout());
        ClientProcess.Result clear = psql("alice", "dba", copy);
        assertThat(clear.exitCode()).as(clear.stderr()).isZero();
        assertThat(clear.stdout()).contains(EMAIL + "," + CARD + ",\"ssn " + SSN + ", key " + AWS_KEY + "\"");
    }

    @Test
    void psqlTextCopyOfATableWithAColumnListIsMasked() throws Exception {
        ClientProcess.assumeInstalled("psql");
        ClientProcess.Result masked = psql("sam", "support", "\\copy customers (id, card_number, email) TO STDOUT");
        assertThat(masked.exitCode()).as(masked.stderr()).isZero();
        assertThat(masked.stdout()).contains("1\t************4242\ta").contains("@example.com");
        assertNoRawValue(masked.stdout());
    }

    @Test
    void copyManagerCsvWithHeaderIsMaskedForSupportAndClearForTheDba() throws Exception {
        String sql = "COPY customers TO STDOUT (FORMAT csv, HEADER)";
        try (Connection support = as("sam", "support", new Properties())) {
            String masked = copyOut(support, sql);
            List<String> lines = masked.lines().toList();
            assertThat(lines.get(0)).isEqualTo("id,name,email,card_number,card_as_number,notes");
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
            assertThat(masked).contains("************4242").contains("@example.com");
            assertNoRawValue(masked);
        }
        try (Connection dba = as("alice", "dba", new Properties())) {
            String clear = copyOut(dba, sql);
            assertThat(clear).contains(EMAIL).contains(CARD).contains(SSN);
        }
    }

    @Test
    void copyOutIsMaskedByDetectorsWhenThePlanHasNoColumnRules() throws Exception {
        ClientProcess.assumeInstalled("psql");
        ClientProcess.Result detected = psql("ann", "analysts",
                "\\copy (SELECT email, card_number, notes FROM customers ORDER BY id) TO STDOUT WITH (FORMAT csv)");
        assertThat(detected.exitCode()).as(detected.stderr()).isZero();
        assertThat(detected.stdout()).contains("nothing here").contains("****");
        assertThat(detected.stdout()).doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain(SSN);
    }

    @Test
    void binaryAndUncertainCopiesAreRefusedAndTheSessionStaysUsable() throws Exception {
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS one");
            s.execute("CREATE SCHEMA IF NOT EXISTS two");
            s.execute("CREATE TABLE IF NOT EXISTS one.twins (email text)");
            s.execute("CREATE TABLE IF NOT EXISTS two.twins (harmless text)");
            s.execute("GRANT USAGE ON SCHEMA one, two TO PUBLIC");
            s.execute("GRANT ALL ON one.twins, two.twins TO PUBLIC");
        }
        try (Connection support = as("sam", "support", new Properties())) {
            assertThatThrownBy(() -> copyOut(support, "COPY customers TO STDOUT (FORMAT binary)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("binary COPY output cannot be masked");
                    });
            try (Statement s = support.createStatement()) {
                s.execute("SET search_path = two, one, public");
            }
            assertThatThrownBy(() -> copyOut(support, "COPY (SELECT * FROM twins) TO STDOUT"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("\"twins\" names objects in more than one schema");
            assertThatThrownBy(() -> copyOut(support, "COPY customers TO STDOUT (FORMAT csv, SOME_NEW_OPTION true)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("some_new_option");
            assertThat(copyOut(support, "COPY (SELECT email FROM one.twins) TO STDOUT")).isEmpty();
            assertThat(row(support, "SELECT name FROM public.customers WHERE id = 2")).containsExactly("Bob");
        }
    }

    @Test
    void maskedValuesAreCountedPerRule() throws Exception {
        try (Connection support = as("sam", "support", new Properties())) {
            row(support, "SELECT email FROM customers WHERE id = 1");
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (!sluice.gateway.meters().scrape().contains("sluice_postgres_masked_values_total")
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sluice.gateway.meters().scrape()).contains("sluice_postgres_masked_values_total{connection=\"scram\"");
    }
}
