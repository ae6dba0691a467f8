package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice demo} starts, prints a psql command line, and that exact line works in a shell. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void printedPsqlCommandLineQueriesTheSampleData() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql is not installed");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Thread demo = new Thread(() -> new CommandLine(new SluiceCommand())
                .execute("demo", "--port", "0", "--admin-port", "0", "--data-dir", dir.toString()), "demo");
        try {
            demo.start();
            String line = awaitPsqlLine(captured).orElseThrow(() -> new AssertionError("no psql line in: " + captured));
            Process psql = new ProcessBuilder("bash", "-c", line + " -X -At -c 'SELECT count(*) FROM customers'")
                    .redirectErrorStream(true).start();
            assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.exitValue()).as(output).isZero();
            assertThat(output.trim()).isEqualTo("1000");
        } finally {
            System.setOut(original);
            demo.interrupt();
            demo.join(30_000);
        }
        assertThat(demo.isAlive()).isFalse();
    }

    private static Optional<String> awaitPsqlLine(ByteArrayOutputStream captured) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Optional<String> line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("PGPASSWORD=")).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }
}
