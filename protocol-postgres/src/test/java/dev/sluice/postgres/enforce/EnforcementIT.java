package dev.sluice.postgres.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** Policy decisions applied on the wire, through pgjdbc and psql, against a real PostgreSQL. */
class EnforcementIT {
    static final String POLICY = """
            rules:
              - name: analysts-read-only
                match: { groups: [analysts], connections: ["*"] }
                allow: true
                read_only: true
              - name: dev-access
                match: { groups: [dev], connections: ["*"] }
                allow: true
              - name: dev-writes-need-approval
                match: { groups: [dev], connections: ["*"], read_only: false }
                require_approval: { approvers: [dba], quorum: any, message: "writes need a DBA" }
              - name: no-drop
                match: { subjects: ["*"], connections: ["*"], command_tags: ["DROP *"] }
                block: "DROP is not allowed through Sluice"
              - name: no-where-less-writes
                match: { subjects: ["*"], connections: ["*"], where_less_write: true }
                block: "add a WHERE clause"
            """;

    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start(POLICY);
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 10) i");
            s.execute("CREATE FUNCTION add_item() RETURNS int LANGUAGE plpgsql AS"
                    + " $$ BEGIN INSERT INTO items VALUES (1000, 'sneaky'); RETURN 1; END $$");
            s.execute("GRANT ALL ON items TO PUBLIC");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static Connection as(String subject, String group) throws SQLException {
        return sluice.connect("scram", sluice.token(subject, group));
    }

    private static void assertRefused(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call).isInstanceOf(SQLException.class).satisfies(e -> {
            SQLException sql = (SQLException) e;
            assertThat(sql.getSQLState()).as(sql.getMessage()).isEqualTo("42501");
            assertThat(sql.getMessage()).contains(messageParts);
        });
    }

    private static int itemCount() throws SQLException {
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int selectOne(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void blockedDropIsNeverSentAndTheSessionStaysUsable() throws Exception {
        try (Connection c = as("alice", "dba"); Statement s = c.createStatement()) {
            assertRefused(() -> s.execute("DROP TABLE items"), "DROP TABLE", "no-drop", "DROP is not allowed through Sluice");
            assertThat(selectOne(s)).isEqualTo(1);
        }
        assertThat(itemCount()).isEqualTo(10);
    }

    @Test
    void refusalInsideATransactionLeavesItFailedAsPostgresWould() throws Exception {
        try (Connection c = as("alice", "dba"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertThat(selectOne(s)).isEqualTo(1);
            assertRefused(() -> s.execute("DELETE FROM items"), "no-where-less-writes");
            assertThatThrownBy(() -> selectOne(s)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
            c.rollback();
            assertThat(selectOne(s)).isEqualTo(1);
        }
        assertThat(itemCount()).isEqualTo(10);
    }

    @Test
    void extendedProtocolRefusalsKeepTheDriverInStep() throws Exception {
        try (Connection c = as("alice", "dba")) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM items")) {
                assertRefused(delete::executeUpdate, "no-where-less-writes");
            }
            try (PreparedStatement batch = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?");
                 Statement plain = c.createStatement()) {
                batch.setString(1, "renamed");
                batch.setInt(2, 1);
                batch.addBatch();
                plain.addBatch("UPDATE items SET name = 'x' WHERE id = 2");
                plain.addBatch("DELETE FROM items");
                plain.addBatch("UPDATE items SET name = 'y' WHERE id = 3");
                assertThatThrownBy(plain::executeBatch).isInstanceOf(BatchUpdateException.class);
                assertThat(batch.executeBatch()).containsExactly(1);
            }
            try (PreparedStatement select = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                select.setInt(1, 2);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("item 2");
                }
            }
            c.createStatement().execute("UPDATE items SET name = 'item 1' WHERE id = 1");
        }
        assertThat(itemCount()).isEqualTo(10);
    }

    @Test
    void readOnlySessionRefusesWritesAndTheBackendSessionIsReadOnlyToo() throws Exception {
        try (Connection c = as("ann", "analysts"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(10);
            }
            assertRefused(() -> s.execute("INSERT INTO items VALUES (99, 'nope')"), "analysts-read-only", "read-only");
            assertRefused(() -> s.execute("SET default_transaction_read_only = off"), "analysts-read-only");
            assertRefused(() -> s.execute("BEGIN READ WRITE"), "analysts-read-only");
            try (ResultSet rs = s.executeQuery("SHOW default_transaction_read_only")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
            assertThatThrownBy(() -> s.execute("SELECT add_item()")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            assertThat(selectOne(s)).isEqualTo(1);
        }
        assertThat(itemCount()).isEqualTo(10);
    }

    @Test
    void statementNeedingApprovalIsHeldForTheApproversAndRefusedWhenDenied() throws Exception {
        try (Connection c = as("dave", "dev"); Statement s = c.createStatement()) {
            java.util.concurrent.CompletableFuture<Boolean> update = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return s.execute("UPDATE items SET name = 'z' WHERE id = 4");
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            var access = sluice.gateway.access();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (access.pendingRequest("dave", "scram").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            var held = access.pendingRequest("dave", "scram").orElseThrow();
            assertThat(held.approvers()).containsExactly("dba");
            assertThat(held.reason()).contains("dev-writes-need-approval");
            access.deny(held.id(), new dev.sluice.core.identity.Identity("alice", java.util.Set.of("dba"), "t", "t", null), "no");
            assertRefused(() -> {
                try {
                    update.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw (SQLException) e.getCause();
                }
            }, "dev-writes-need-approval", "denied by alice");
            assertThat(selectOne(s)).isEqualTo(1);
        }
    }

    @Test
    void functionCallMessageIsRefusedUnlessARuleAllowsIt() throws Exception {
        try (Connection c = as("alice", "dba")) {
            c.setAutoCommit(false);
            assertRefused(() -> c.unwrap(PGConnection.class).getLargeObjectAPI().createLO(), "default.function-call");
            c.rollback();
            assertThat(selectOne(c.createStatement())).isEqualTo(1);
        }
    }

    @Test
    void psqlShowsTheRefusalAndGoesOn() throws Exception {
        ClientProcess.assumeInstalled("psql");
        ClientProcess.Result result = ClientProcess.run(
                ClientProcess.libpqEnvironment(sluice.port(), "scram", "alice", sluice.token("alice", "dba")), 60,
                List.of("psql", "-X", "-At", "-c", "DROP TABLE items", "-c", "SELECT count(*) FROM items"));
        assertThat(result.stderr()).contains("ERROR:  DROP TABLE refused by Sluice rule \"no-drop\"");
        assertThat(result.stdout().trim()).isEqualTo("10");
    }

    @Test
    void decisionsAreCountedByActionAndRule() throws Exception {
        try (Connection c = as("alice", "dba"); Statement s = c.createStatement()) {
            assertRefused(() -> s.execute("DROP TABLE items"), "no-drop");
        }
        assertThat(sluice.gateway.meters().scrape())
                .containsPattern("sluice_policy_decisions_total\\{action=\"block\",connection=\"scram\",protocol=\"postgres\",rule=\"no-drop\"\\} [1-9]");
    }
}
