package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
    private static final Path EXAMPLE_CONFIG = Path.of("../config/sluice.yaml");
    private static final Path EXAMPLE_CASES = Path.of("../config/policies/tests.yaml");

    @TempDir
    Path dir;



    @Test
    void checkAcceptsTheExamplePolicies() {
        CommandRun run = CommandRun.of("policy", "check", "--config", EXAMPLE_CONFIG.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("ok: ").contains("in 3 file(s)");
    }

    @Test
    void checkRefusesAnInvalidFileNamingFileLineAndColumn() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "rules:\n  - name: r\n    match: { groups: [dev], connections: [\"*\"], kinds: [DELEET] }\n    block: no\n");
        CommandRun run = CommandRun.of("policy", "check", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":3:").contains("unknown statement kind \"DELEET\"");
    }

    @Test
    void testShowsTheClassificationTheDecisionAndTheRule() {
        CommandRun run = CommandRun.of("policy", "test", "--config", EXAMPLE_CONFIG.toString(), "--subject", "alice", "--groups", "dev",
                "--connection", "orders", "--sql", "DELETE FROM users");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("statement: DELETE kind=DELETE effects=WRITE tables=users where-less")
                .contains("decision: block by rule no-where-less-writes: UPDATE or DELETE without WHERE");
    }

    @Test
    void exampleCasesPass() {
        CommandRun run = CommandRun.of("policy", "test", "--config", EXAMPLE_CONFIG.toString(), "--cases", EXAMPLE_CASES.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASS developer write waits for a DBA: hold by dev-writes-on-orders-need-approval")
                .doesNotContain("FAIL");
    }

    @Test
    void exampleCasesPassWithThePoliciesBesideThemAlone() {
        CommandRun run = CommandRun.of("policy", "test", "--cases", EXAMPLE_CASES.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    @Test
    void aMismatchedCaseFailsTheRunAndSaysWhy() throws Exception {
        Path cases = dir.resolve("cases.yaml");
        Files.writeString(cases, """
                cases:
                  - { name: drop is fine, subject: dora, groups: [dba], connection: orders, sql: DROP TABLE t, expect: allow }
                  - { name: select is fine, subject: dora, groups: [dba], connection: orders, sql: SELECT 1, expect: allow }
                """);
        CommandRun run = CommandRun.of("policy", "test", "--config", EXAMPLE_CONFIG.toString(), "--cases", cases.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL drop is fine (" + cases + ":2:5): expected allow, got block by no-drop-or-truncate")
                .contains("PASS select is fine").contains("1 passed, 1 failed");
    }
}
