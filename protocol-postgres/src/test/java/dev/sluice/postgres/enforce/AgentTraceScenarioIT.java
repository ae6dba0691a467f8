package dev.sluice.postgres.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.access.AccessException;
import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.NewRequest;
import dev.sluice.core.access.ReadOnlyAutoApprover;
import dev.sluice.core.access.RequestStatus;
import dev.sluice.core.access.Scope;
import dev.sluice.core.access.UseUnit;
import dev.sluice.core.config.AccessConfig;
import dev.sluice.core.config.AuditConfig;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.identity.Identity;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent-trace scenario of docs/jit.md, run from its own policy and configuration files
 * ({@code docs/examples/agent-traces/}). The harness's connections stand in for the example's: {@code md5} for
 * {@code traces} (its role sees low-risk rows only) and {@code password} for {@code traces-high-risk}.
 */
class AgentTraceScenarioIT {
    private static final Path EXAMPLE = Path.of("../docs/examples/agent-traces");
    private static final String LOW = "md5";
    private static final String HIGH = "password";

    private static SluiceHarness sluice;
    private static AccessService access;
    private static final Identity AGENT = new Identity("agent-7", Set.of("agents"), "t", "t", Instant.now().plusSeconds(3600));
    private static final Identity OWNER = new Identity("olga", Set.of("trace-owners"), "t", "t", Instant.now().plusSeconds(3600));

    @BeforeAll
    static void start() throws Exception {
        String policy = Files.readString(EXAMPLE.resolve("policies/agent-traces.yaml"))
                .replace("connections: [traces-high-risk]", "connections: [" + HIGH + "]")
                .replace("connections: [traces]", "connections: [" + LOW + "]");
        AccessConfig example = ConfigLoader.load(EXAMPLE.resolve("sluice.yaml")).access();
        List<ReadOnlyAutoApprover> automatic = new ArrayList<>();
        for (ReadOnlyAutoApprover rule : example.autoApprove()) {
            assertThat(rule.connections()).containsExactly("traces");
            automatic.add(new ReadOnlyAutoApprover(rule.rule(), rule.maxTtl(), rule.maxUses(), rule.hours(), Set.of(LOW)));
        }
        AccessConfig harness = SluiceHarness.access(AccessConfig.DEFAULT_HOLD_TIMEOUT);
        sluice = SluiceHarness.start(policy, AuditConfig.DEFAULTS, new AccessConfig(example.settings(), harness.adminGroup(),
                null, harness.holdTimeout(), automatic, List.of(), harness.webhookRetry()));
        access = sluice.gateway.access();
        try (Connection c = sluice.connect("scram", sluice.token("setup")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE traces (id int PRIMARY KEY, body text, risk text)");
            s.execute("INSERT INTO traces VALUES (7, 'checkout latency spike', 'low'), (8, 'card data in a prompt', 'high')");
            s.execute("ALTER TABLE traces ENABLE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY low_risk ON traces FOR SELECT TO " + PostgresBackend.MD5_USER + " USING (risk = 'low')");
            s.execute("CREATE POLICY every_trace ON traces FOR SELECT TO " + PostgresBackend.PASSWORD_USER + " USING (true)");
            s.execute("GRANT SELECT ON traces TO " + PostgresBackend.MD5_USER + ", " + PostgresBackend.PASSWORD_USER);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static AccessRequest ask(String connection, String statement) {
        return access.request(AGENT, new NewRequest(connection, Scope.statement("select", statement), Duration.ofSeconds(30),
                1, UseUnit.OPERATIONS, "INC-42: what did the agent see?"));
    }

    private static String first(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aLowRiskTraceIsApprovedByPolicyForOneQueryAndTheGrantIsUnusableAfterwards() throws Exception {
        String read = "SELECT body FROM traces WHERE id = 7";
        AccessRequest request = ask(LOW, read);
        assertThat(request.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(request.answers()).singleElement().satisfies(a -> assertThat(a.approver()).isEqualTo("policy:low-risk-traces"));

        try (Connection c = sluice.connect(LOW, sluice.token("agent-7", "agents"))) {
            assertThat(first(c, read)).isEqualTo("checkout latency spike");
            assertThatThrownBy(() -> first(c, read)).hasMessageContaining("has no uses left");
            assertThatThrownBy(() -> first(c, "SELECT body FROM traces WHERE id = 8"))
                    .hasMessageContaining("refused by Sluice rule \"agents-read-one-trace\"");
        }
        assertThatThrownBy(() -> sluice.connect(LOW, sluice.token("agent-7", "agents")).close())
                .hasMessageContaining("needs a just-in-time grant").hasMessageContaining("trace-owners");
        assertThatThrownBy(() -> sluice.connect(LOW, sluice.token("agent-8", "agents")).close())
                .hasMessageContaining("needs a just-in-time grant");
    }

    @Test
    void theLowRiskConnectionNeverShowsAHighRiskTrace() throws Exception {
        String read = "SELECT body FROM traces WHERE id = 8";
        assertThat(ask(LOW, read).status()).isEqualTo(RequestStatus.APPROVED);
        try (Connection c = sluice.connect(LOW, sluice.token("agent-7", "agents"))) {
            assertThat(first(c, read)).isNull();
        }
    }

    @Test
    void aHighRiskTraceWaitsForATraceOwnerAndCannotBeSelfApprovedExtendedOrWidened() throws Exception {
        String read = "SELECT body FROM traces WHERE id = 8";
        AccessRequest request = ask(HIGH, read);
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.approvers()).containsExactly("trace-owners");
        assertThatThrownBy(() -> access.approve(request.id(), new Identity("agent-7", Set.of("agents", "trace-owners"), "t", "t", null), "me"))
                .isInstanceOf(AccessException.class).hasMessageContaining("cannot answer it");
        assertThatThrownBy(() -> access.request(AGENT, new NewRequest(HIGH, Scope.statement("select", read), Duration.ofSeconds(60),
                1, UseUnit.OPERATIONS, "longer"))).hasMessageContaining("at most 30s on password (rule agents-read-one-high-risk-trace)");
        assertThatThrownBy(() -> access.request(AGENT, new NewRequest(HIGH, Scope.statement("select", read), Duration.ofSeconds(30),
                2, UseUnit.OPERATIONS, "twice"))).hasMessageContaining("at most 1");
        assertThatThrownBy(() -> access.request(AGENT, new NewRequest(HIGH, Scope.of("write"), Duration.ofSeconds(30),
                1, UseUnit.OPERATIONS, "wider"))).hasMessageContaining("wider than may be granted");

        access.approve(request.id(), OWNER, "ok, once");
        try (Connection c = sluice.connect(HIGH, sluice.token("agent-7", "agents"))) {
            assertThat(first(c, read)).isEqualTo("card data in a prompt");
            assertThatThrownBy(() -> first(c, read)).hasMessageContaining("has no uses left");
        }
    }
}
