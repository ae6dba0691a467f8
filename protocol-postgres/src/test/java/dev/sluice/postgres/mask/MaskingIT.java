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

    @Test
    void copyOutIsMaskedByDetectorsAndRefusedWhenColumnRulesCannotApply() throws Exception {
        ClientProcess.assumeInstalled("psql");
        String copy = "\\copy (SELECT email, card_number, notes FROM customers ORDER BY id) TO STDOUT WITH (FORMAT csv)";
        ClientProcess.Result detected = ClientProcess.run(
                ClientProcess.libpqEnvironment(sluice.port(), "scram", "ann", sluice.token("ann", "analysts")), 60,
                List.of("psql", "-X", "-c", copy));
        assertThat(detected.exitCode()).as(detected.stderr()).isZero();
        assertThat(detected.stdout()).contains("nothing here").contains("****");
        assertThat(detected.stdout()).doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain(SSN);
        ClientProcess.Result refused = ClientProcess.run(
                ClientProcess.libpqEnvironment(sluice.port(), "scram", "sam", sluice.token("sam", "support")), 60,
                List.of("psql", "-X", "-c", copy));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("column masking rules cannot apply");
        assertNoRawValue(refused.stdout() + refused.stderr());
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
