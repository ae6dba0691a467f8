package dev.sluice.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own ({@link GatewayMain}), for tests that bound its heap or kill it. Configured from
 * a YAML file trusting {@code issuer}, with one connection {@code app} to {@code backend} admitting group
 * {@code dba}, and a policy directory.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dataDirectory;
    private final Path log;

    private GatewayProcess(Process process, int port, Path dataDirectory, Path log) {
        this.process = process;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.log = log;
    }

    /**
     * @param jvmOptions e.g. {@code -Xmx64m}
     * @param policyYaml a policy file, or null
     */
    public static GatewayProcess start(String issuer, PostgresBackend backend, String policyYaml, String... jvmOptions)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sluice-process");
        Path password = dir.resolve("backend-password");
        Files.createFile(password, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(password, PostgresBackend.PASSWORD);
        Path policies = Files.createDirectories(dir.resolve("policies"));
        if (policyYaml != null) {
            Files.writeString(policies.resolve("policy.yaml"), policyYaml);
        }
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
                policies: { directory: policies }
                connections:
                  - name: app
                    protocol: postgres
                    backend: { address: 127.0.0.1:%d, database: app, tls: disable }
                    credentials: { username: %s, password: "file:%s" }
                    allow: { groups: [dba] }
                """.formatted(dir.resolve("data"), issuer, backend.port(), PostgresBackend.SCRAM_USER, password));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path ready = dir.resolve("ready");
        Path log = dir.resolve("gateway.log");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), config.toString(), "postgres", ready.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ready).as("gateway did not start; its log: " + log).exists();
        return new GatewayProcess(process, Integer.parseInt(Files.readString(ready)), dir.resolve("data"), log);
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no seal. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
