package dev.sluice.postgres.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/** pgjdbc through Sluice to a real PostgreSQL: every backend login method and the whole of protocol v3. */
class JdbcRelayIT {
    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start();
        try (Connection c = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("GRANT ALL ON items TO PUBLIC");
            s.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 100) i");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scram", "md5", "password", "scram_tls"})
    void queriesReachTheBackendWithEveryLoginMethod(String connection) throws Exception {
        try (Connection c = sluice.connect(connection, sluice.token("alice"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), current_setting('ssl', true) FROM items")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(100);
        }
    }

    @Test
    void backendTlsIsUsedForVerifyFullConnections() throws Exception {
        try (Connection c = sluice.connect("scram_tls", sluice.token("alice"));
             ResultSet rs = c.createStatement().executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void clientNeverSeesTheBackendUserInSessionParameters() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("alice"))) {
            String reported = c.unwrap(PGConnection.class).getParameterStatus("session_authorization");
            assertThat(reported).isEqualTo("alice");
        }
    }

    @Test
    void preparedStatementsAndBatchesUseTheExtendedProtocol() throws Exception {
        Properties serverPrepared = new Properties();
        serverPrepared.setProperty("prepareThreshold", "1");
        try (Connection c = sluice.connect("scram", sluice.token("alice"), serverPrepared)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
                for (int i = 1000; i < 1200; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "batched " + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(200).containsOnly(1);
            }
            try (PreparedStatement select = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                for (int i = 1000; i < 1010; i++) {
                    select.setInt(1, i);
                    try (ResultSet rs = select.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("batched " + i);
                    }
                }
            }
            c.rollback();
        }
    }

    @Test
    void copyInAndOutStreamThroughTheGateway() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("alice"))) {
            c.createStatement().execute("CREATE TEMP TABLE copied (id int, note text)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                rows.append(i).append('\t').append("note ").append(i).append('\n');
            }
            assertThat(copy.copyIn("COPY copied FROM STDIN", new StringReader(rows.toString()))).isEqualTo(5000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(copy.copyOut("COPY (SELECT * FROM copied ORDER BY id) TO STDOUT", out)).isEqualTo(5000);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(rows.toString());
        }
    }

    @Test
    void statementCancelReachesTheBackendQuery() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("alice")); Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(60)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            canceller.get(10, TimeUnit.SECONDS);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void notificationsArriveThroughListen() throws Exception {
        try (Connection listener = sluice.connect("scram", sluice.token("alice"));
             Connection notifier = sluice.connect("md5", sluice.token("bob"))) {
            listener.createStatement().execute("LISTEN orders_changed");
            notifier.createStatement().execute("NOTIFY orders_changed, 'order 42'");
            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(received).hasSize(1);
            assertThat(received[0].getName()).isEqualTo("orders_changed");
            assertThat(received[0].getParameter()).isEqualTo("order 42");
        }
    }

    @Test
    void noticesAndErrorsComeBackAndTheSessionStaysUsable() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("alice")); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$");
            assertThat((Object) s.getWarnings()).isNotNull();
            assertThat(s.getWarnings().getMessage()).contains("hello from plpgsql");
            assertThatThrownBy(() -> s.execute("SELECT * FROM no_such_table"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            try (ResultSet rs = s.executeQuery("SELECT 2")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void backendGoingAwayMidQueryFailsOnlyThatSession() throws Exception {
        try (Connection victim = sluice.connect("scram", sluice.token("alice"));
             Connection bystander = sluice.connect("scram", sluice.token("bob"))) {
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try (Statement s = victim.createStatement()) {
                    s.execute("SELECT pg_sleep(60) /* victim */");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            try (Connection admin = sluice.backend.superuser(PostgresBackend.DATABASE); Statement s = admin.createStatement()) {
                int terminated = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (terminated == 0 && System.nanoTime() < deadline) {
                    try (ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE query LIKE 'SELECT pg_sleep(60) /* victim */%'")) {
                        rs.next();
                        terminated = rs.getInt(1);
                    }
                    Thread.sleep(100);
                }
                assertThat(terminated).isEqualTo(1);
            }
            Throwable failure = running.get(20, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(victim.isValid(2)).isFalse();
            try (ResultSet rs = bystander.createStatement().executeQuery("SELECT 3")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            try (Connection fresh = sluice.connect("scram", sluice.token("alice"));
                 ResultSet rs = fresh.createStatement().executeQuery("SELECT 4")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
        }
    }

    @Test
    void adminEndpointReportsHealthReadinessAndMetrics() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sluice.gateway.adminAddress().getPort();
        for (String path : new String[] {"/healthz", "/readyz", "/metrics"}) {
            java.net.http.HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            if (path.equals("/readyz")) {
                assertThat(response.body()).contains("listeners").contains("postgres@");
            }
            if (path.equals("/metrics")) {
                assertThat(response.body()).contains("sluice_postgres_sessions_active");
            }
        }
    }

    @Test
    void metricsCountSessionsAuthenticationsAndBytes() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("alice"))) {
            c.createStatement().execute("SELECT 1");
        }
        String scrape = sluice.gateway.meters().scrape();
        assertThat(scrape).contains("sluice_postgres_authentications_total{reason=\"ok\",result=\"success\"}");
        assertThat(scrape).contains("sluice_postgres_bytes_total{direction=\"backend_to_client\"}");
        assertThat(scrape).contains("sluice_postgres_query_latency_seconds_count");
        assertThat(scrape).doesNotContain(PostgresBackend.PASSWORD);
    }
}
