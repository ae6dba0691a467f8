package dev.sluice.postgres.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real command-line client (psql, pgbench) to completion and captures what it printed. */
public final class ClientProcess {
    /** What a finished client printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private ClientProcess() {}

    /** Skips the calling test when {@code command} is not installed (CI installs it: see .ci/run). */
    public static void assumeInstalled(String command) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            found |= Files.isExecutable(Path.of(dir, command));
        }
        assumeTrue(found, command + " is not installed");
    }

    public static Result run(Map<String, String> environment, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("client-out", ".txt");
        Path err = Files.createTempFile("client-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within " + timeoutSeconds + "s; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    /** Environment for libpq clients reaching Sluice: host, port, TLS required, the token as password. */
    public static Map<String, String> libpqEnvironment(int port, String connection, String user, String token) {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(port), "PGDATABASE", connection, "PGUSER", user,
                "PGPASSWORD", token, "PGSSLMODE", "require", "PGCONNECT_TIMEOUT", "10");
    }
}
