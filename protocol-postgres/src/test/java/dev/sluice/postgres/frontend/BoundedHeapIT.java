package dev.sluice.postgres.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.OidcTestProvider;
import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.GatewayMain;
import dev.sluice.postgres.testing.PostgresBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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
    static Process gateway;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        idp = new OidcTestProvider().start();
        backend = PostgresBackend.start(null);
        Path dir = Files.createTempDirectory("sluice-heap");
        Path password = dir.resolve("backend-password");
        Files.createFile(password, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(password, PostgresBackend.PASSWORD);
        Path config = dir.resolve("sluice.yaml");
        Files.writeString(config, """
                data_directory: %s
                admin: { enabled: false }
                listeners:
                  - name: postgres
                    protocol: postgres
                    bind: 127.0.0.1:0
                identity:
                  providers:
                    - name: test-idp
                      issuer: %s
                      audiences: [sluice]
                connections:
                  - name: big
                    protocol: postgres
                    backend: { address: 127.0.0.1:%d, database: app, tls: disable }
                    credentials: { username: %s, password: "file:%s" }
                    allow: { groups: [dba] }
                """.formatted(dir.resolve("data"), idp.issuerUrl(), backend.port(), PostgresBackend.SCRAM_USER, password));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path ready = dir.resolve("ready");
        Path log = dir.resolve("gateway.log");
        gateway = new ProcessBuilder(java, HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), config.toString(), "postgres", ready.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready) && gateway.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ready).as("gateway did not start; its log: " + log).exists();
        port = Integer.parseInt(Files.readString(ready));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.getOutputStream().close();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        backend.close();
        idp.close();
    }

    @Test
    void tenMillionRowsStreamToPsqlThroughASmallHeap() throws Exception {
        ClientProcess.assumeInstalled("psql");
        Map<String, String> env = ClientProcess.libpqEnvironment(port, "big", "alice", idp.token("alice", "dba"));
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
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/big?sslmode=require", properties)) {
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT i, repeat('y', 200) FROM generate_series(1, 2000000) i) TO STDOUT", new SlowSink(received));
            assertThat(rows).isEqualTo(2_000_000);
        }
        assertThat(received.get()).isGreaterThan(2_000_000L * 200);
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
