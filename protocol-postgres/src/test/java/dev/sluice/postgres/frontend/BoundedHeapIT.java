package dev.sluice.postgres.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.OidcTestProvider;
import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.GatewayProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Results far larger than the gateway's heap stream through it: the gateway runs in its own JVM with
 * {@value #HEAP} of heap and exits on OutOfMemoryError, so any buffering of a result would kill it.
 */
class BoundedHeapIT {
    static final String HEAP = "-Xmx64m";

    static OidcTestProvider idp;
    static PostgresBackend backend;
    static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        idp = new OidcTestProvider().start();
        backend = PostgresBackend.start(null);
        gateway = GatewayProcess.start(idp.issuerUrl().toString(), backend, """
                rules:
                  - name: support-masked
                    match: { groups: [support], connections: ["*"] }
                    allow: true
                    mask:
                      - columns: ["*email*"]
                        masker: email
                      - detectors: [card]
                        masker: redact
                """, HEAP);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
        idp.close();
    }

    @Test
    void tenMillionRowsStreamToPsqlThroughASmallHeap() throws Exception {
        ClientProcess.assumeInstalled("psql");
        Map<String, String> env = ClientProcess.libpqEnvironment(gateway.port(), "app", "alice", idp.token("alice", "dba"));
        ClientProcess.Result result = ClientProcess.run(env, 300, List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-c",
                "\\copy (SELECT i, repeat('x', 40) FROM generate_series(1, 10000000) i) TO '/dev/null'"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("COPY 10000000");
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void aSlowReaderHoldsBackTheBackendInsteadOfFillingTheHeap() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "alice");
        properties.setProperty("password", idp.token("alice", "dba"));
        AtomicLong received = new AtomicLong();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.port() + "/app?sslmode=require", properties)) {
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT i, repeat('y', 200) FROM generate_series(1, 2000000) i) TO STDOUT", new SlowSink(received));
            assertThat(rows).isEqualTo(2_000_000);
        }
        assertThat(received.get()).isGreaterThan(2_000_000L * 200);
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void millionsOfMaskedRowsStreamThroughASmallHeap() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "sam");
        properties.setProperty("password", idp.token("sam", "support"));
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.port() + "/app?sslmode=require",
                properties)) {
            c.setAutoCommit(false);
            try (java.sql.Statement s = c.createStatement()) {
                s.setFetchSize(5000);
                try (java.sql.ResultSet rs = s.executeQuery("SELECT i, 'user' || i || '@example.com' AS email,"
                        + " '4242 4242 4242 4242 paid' AS note FROM generate_series(1, 3000000) i")) {
                    while (rs.next()) {
                        rows++;
                        if (rows % 100_000 == 1) {
                            assertThat(rs.getString(2)).endsWith("@example.com").doesNotStartWith("user" + rows + "@");
                            assertThat(rs.getString(3)).doesNotContain("4242 4242 4242 4242");
                        }
                    }
                }
            }
        }
        assertThat(rows).isEqualTo(3_000_000);
        assertThat(gateway.isAlive()).isTrue();
    }

    /** Reads like a client that is slower than the database: a pause every megabyte, for the first 100 MB. */
    private static final class SlowSink extends OutputStream {
        private final AtomicLong received;

        SlowSink(AtomicLong received) {
            this.received = received;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            long before = received.getAndAdd(len);
            if (before < 100_000_000L && before / 1_000_000 != (before + len) / 1_000_000) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            // nothing held
        }
    }
}
