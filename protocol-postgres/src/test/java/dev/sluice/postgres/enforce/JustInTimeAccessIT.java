package dev.sluice.postgres.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.Grant;
import dev.sluice.core.access.NewRequest;
import dev.sluice.core.access.RequestStatus;
import dev.sluice.core.access.Scope;
import dev.sluice.core.access.UseUnit;
import dev.sluice.core.audit.AuditRecorder;
import dev.sluice.core.audit.RecordedEvent;
import dev.sluice.core.audit.RecordingReader;
import dev.sluice.core.audit.SessionFilter;
import dev.sluice.core.audit.SessionIndex;
import dev.sluice.core.audit.SessionSummary;
import dev.sluice.core.config.AuditConfig;
import dev.sluice.core.identity.Identity;
import dev.sluice.postgres.testing.ClientProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Just-in-time access on the wire, with real PostgreSQL, real OIDC tokens and pgjdbc/psql: sessions admitted only
 * under grants, grants counted per session or per statement, sessions ended when their grant ends, and statements
 * held until a human answers.
 */
class JustInTimeAccessIT {
    /** Held statements wait this long for an answer; long enough for the tests that answer them. */
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(8);
    private static final String POLICY = """
            rules:
              - name: agents-need-a-grant
                match: { groups: [agents], connections: [scram] }
                require_grant: { approvers: [leads], max_ttl: 10m, scope: [read, update] }
              - name: agents-one-statement-at-a-time
                match: { groups: [agents], connections: [md5] }
                require_grant: { approvers: [leads], max_ttl: 10m, max_uses: 5, use_unit: operations, scope: [read] }
              - name: deletes-wait-for-a-lead
                match: { groups: [dba], connections: [password], command_tags: [DELETE] }
                require_approval: { approvers: [leads], message: "deletes need a lead's approval" }
            """;

    private static SluiceHarness sluice;
    private static AccessService access;
    private static final Identity LEAD = new Identity("lena", Set.of("leads"), "test", "test", Instant.now().plusSeconds(3600));

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start(POLICY, AuditConfig.DEFAULTS, SluiceHarness.access(HOLD_TIMEOUT));
        access = sluice.gateway.access();
        try (Connection c = sluice.connect("scram", sluice.token("setup")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE traces (id int PRIMARY KEY, body text, risk text)");
            s.execute("INSERT INTO traces SELECT g, 'trace ' || g, CASE WHEN g % 2 = 0 THEN 'high' ELSE 'low' END"
                    + " FROM generate_series(1, 100) g");
            s.execute("GRANT ALL ON traces TO " + PostgresBackend.MD5_USER + ", " + PostgresBackend.PASSWORD_USER);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static Identity agent(String subject) {
        return new Identity(subject, Set.of("agents"), "test", "test", Instant.now().plusSeconds(3600));
    }

    private static String agentToken(String subject) {
        return sluice.token(subject, "agents");
    }

    /** A grant for {@code subject}, requested and approved by a lead. */
    private static Grant granted(String subject, String connection, Scope scope, Duration ttl, Integer uses, UseUnit unit) {
        AccessRequest request = access.request(agent(subject), new NewRequest(connection, scope, ttl, uses, unit, "INC-42"));
        AccessRequest approved = access.approve(request.id(), LEAD, "ok");
        assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
        return access.findGrant(approved.grantId()).orElseThrow();
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void connectingWithoutAGrantIsRefusedNamingTheRequestOpenedForIt() throws Exception {
        assertThatThrownBy(() -> sluice.connect("scram", agentToken("ann")).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("needs a just-in-time grant (rule agents-need-a-grant)")
                .hasMessageContaining("Sluice opened request req-")
                .hasMessageContaining("leads");
        AccessRequest opened = access.pendingRequest("ann", "scram").orElseThrow();
        assertThat(opened.approvers()).containsExactly("leads");
        assertThat(opened.scope().operations()).containsExactlyInAnyOrder("read", "update");

        assertThatThrownBy(() -> sluice.connect("scram", agentToken("ann")).close())
                .hasMessageContaining("your request " + opened.id());
        assertThat(access.requests(RequestStatus.PENDING).stream().filter(r -> r.requester().equals("ann"))).hasSize(1);
    }

    @Test
    void aGrantAdmitsSessionsAndItsScopeBoundsTheirStatements() throws Exception {
        granted("bea", "scram", Scope.of("read", "update"), Duration.ofMinutes(5), null, UseUnit.SESSIONS);
        try (Connection c = sluice.connect("scram", agentToken("bea")); Statement s = c.createStatement()) {
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id <= 50")).isEqualTo(50);
            assertThat(s.executeUpdate("UPDATE traces SET body = 'seen' WHERE id = 1")).isEqualTo(1);
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM traces WHERE id = 1"))
                    .hasMessageContaining("DELETE is outside the scope of grant-");
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id = 1")).isEqualTo(1);
        }
    }

    @Test
    void aSingleUseGrantIsRefusedOnItsSecondUse() throws Exception {
        Grant grant = granted("cid", "scram", Scope.of("read"), Duration.ofMinutes(5), 1, UseUnit.SESSIONS);
        try (Connection c = sluice.connect("scram", agentToken("cid"))) {
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id <= 50")).isEqualTo(50);
            // Read-only scope: the backend session itself is read-only.
            assertThatThrownBy(() -> c.createStatement().executeUpdate("UPDATE traces SET body = 'x' WHERE id = 2"))
                    .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> sluice.connect("scram", agentToken("cid")).close())
                .hasMessageContaining(grant.id() + " for cid to use scram has no uses left");
        assertThatThrownBy(() -> sluice.connect("scram", sluice.token("cid-impostor", "agents")).close())
                .hasMessageContaining("needs a just-in-time grant");
    }

    @Test
    void revokingAGrantEndsItsSessionAtOnceAndTheRecordingSaysWhy() throws Exception {
        Grant grant = granted("dan", "scram", Scope.of("read"), Duration.ofMinutes(5), null, UseUnit.SESSIONS);
        try (Connection c = sluice.connect("scram", agentToken("dan"))) {
            assertThat(count(c, "SELECT 1")).isEqualTo(1);
            assertThat(sluice.gateway.meters().get("sluice.postgres.granted.sessions").gauge().value()).isGreaterThanOrEqualTo(1);
            access.revoke(grant.id(), "lena", "incident closed");
            awaitClosed(c);
            assertThatThrownBy(() -> count(c, "SELECT 1")).isInstanceOf(SQLException.class);
        }
        SessionSummary session = lastSessionOf("dan");
        assertThat(session.reason()).contains("grant " + grant.id() + " was revoked by lena: incident closed");
    }

    @Test
    void aGrantExpiringMidSessionEndsTheSession() throws Exception {
        Grant grant = granted("eve", "scram", Scope.of("read"), Duration.ofSeconds(2), null, UseUnit.SESSIONS);
        try (Connection c = sluice.connect("scram", agentToken("eve"))) {
            assertThat(count(c, "SELECT 1")).isEqualTo(1);
            awaitClosed(c);
        }
        assertThat(lastSessionOf("eve").reason()).contains("grant " + grant.id() + " expired");
        assertThatThrownBy(() -> sluice.connect("scram", agentToken("eve")).close()).hasMessageContaining("expired");
    }

    @Test
    void grantsCountedInOperationsTakeOneUsePerStatementAndTheSessionStaysUsable() throws Exception {
        granted("fay", "md5", Scope.of("read"), Duration.ofMinutes(5), 2, UseUnit.OPERATIONS);
        try (Connection c = sluice.connect("md5", agentToken("fay")); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE traces SET body = 'x' WHERE id = 3"))
                    .hasMessageContaining("no grant for update on md5");
            s.execute("SET statement_timeout = '1min'");
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id <= 50")).isEqualTo(50);
            assertThat(count(c, "SELECT count(*) FROM traces WHERE risk = 'low' AND id <= 50")).isEqualTo(25);
            assertThatThrownBy(() -> count(c, "SELECT 1")).hasMessageContaining("has no uses left");
            assertThatThrownBy(() -> count(c, "SELECT 1")).hasMessageContaining("has no uses left");
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aHeldStatementRunsOnceApprovedAndTheRecordingNamesTheApproval() throws Exception {
        try (Connection c = sluice.connect("password", sluice.token("gus")); Statement s = c.createStatement()) {
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(() -> update(s, "DELETE FROM traces WHERE id = 100"));
            AccessRequest held = awaitPending("gus");
            assertThat(held.scope().statement()).isEqualTo("DELETE FROM traces WHERE id = 100");
            assertThat(held.reason()).contains("deletes-wait-for-a-lead", "deletes need a lead's approval");
            assertThat(held.approvers()).containsExactly("leads");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heldNow() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(heldNow()).isEqualTo(1);
            assertThatThrownBy(() -> access.approve(held.id(), new Identity("gus", Set.of("leads"), "t", "t", null), "me"))
                    .hasMessageContaining("cannot answer it");
            access.approve(held.id(), LEAD, "fine");
            assertThat(deleted.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            SQLWarning notice = s.getWarnings();
            assertThat((Object) notice).isNotNull();
            assertThat(notice.getMessage()).contains(held.id(), "waits for approval by leads");
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id = 100")).isZero();
        }
        SessionSummary session = lastSessionOf("gus");
        List<RecordedEvent> events = RecordingReader.read(sluice.gateway.recorder().paths().recording(session.sessionId())).events();
        assertThat(events.stream().filter(e -> e.type().equals("operation")
                && e.data().path("text").asText().startsWith("DELETE")).findFirst().orElseThrow().data().toString())
                .contains(awaitAnswered("gus").id());
    }

    @Test
    void aDeniedHeldStatementIsRefusedAndTheSessionAndTransactionBehave() throws Exception {
        try (Connection c = sluice.connect("password", sluice.token("hal")); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id = 99")).isEqualTo(1);
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(() -> update(s, "DELETE FROM traces WHERE id = 99"));
            AccessRequest held = awaitPending("hal");
            access.deny(held.id(), LEAD, "not during the freeze");
            assertThatThrownBy(() -> deleted.get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("denied by lena: not during the freeze");
            assertThatThrownBy(() -> count(c, "SELECT 1")).hasMessageContaining("current transaction is aborted");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id = 99")).isEqualTo(1);
        }
    }

    @Test
    void anUnansweredHeldStatementTimesOutAndTheSessionGoesOn() throws Exception {
        try (Connection c = sluice.connect("password", sluice.token("ivy")); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM traces WHERE id = 98"))
                    .hasMessageContaining("was not answered in time");
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id = 98")).isEqualTo(1);
        }
    }

    @Test
    void aClientThatLeavesWhileHeldCancelsItsRequest() throws Exception {
        Connection c = sluice.connect("password", sluice.token("jon"));
        Statement s = c.createStatement();
        CompletableFuture.runAsync(() -> update(s, "DELETE FROM traces WHERE id = 97"));
        AccessRequest held = awaitPending("jon");
        c.abort(Runnable::run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (access.findRequest(held.id()).orElseThrow().pending() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(access.findRequest(held.id()).orElseThrow().status()).isEqualTo(RequestStatus.CANCELLED);
    }

    @Test
    void cancellingAHeldStatementWithdrawsItsRequestAndTheSessionGoesOn() throws Exception {
        try (Connection c = sluice.connect("password", sluice.token("lou")); Statement s = c.createStatement()) {
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(() -> update(s, "DELETE FROM traces WHERE id = 95"));
            AccessRequest held = awaitPending("lou");
            s.cancel();
            assertThatThrownBy(() -> deleted.get(20, TimeUnit.SECONDS)).hasMessageContaining(held.id() + " was cancelled");
            assertThat(access.findRequest(held.id()).orElseThrow().status()).isEqualTo(RequestStatus.CANCELLED);
            assertThat(count(c, "SELECT count(*) FROM traces WHERE id = 95")).isEqualTo(1);
        }
    }

    @Test
    void psqlIsToldThatItsStatementWaitsAndThenGetsItsResult() throws Exception {
        ClientProcess.assumeInstalled("psql");
        CompletableFuture<ClientProcess.Result> psql = CompletableFuture.supplyAsync(() -> {
            try {
                return ClientProcess.run(ClientProcess.libpqEnvironment(sluice.port(), "password", "kim", sluice.token("kim")), 60,
                        List.of("psql", "-X", "-c", "DELETE FROM traces WHERE id = 96"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AccessRequest held = awaitPending("kim");
        access.approve(held.id(), LEAD, null);
        ClientProcess.Result result = psql.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("NOTICE:", held.id(), "waits for approval by leads");
        assertThat(result.stdout()).contains("DELETE 1");
    }

    private static double heldNow() {
        return sluice.gateway.meters().get("sluice.postgres.held.statements").gauge().value();
    }

    private static int update(Statement statement, String sql) {
        try {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static AccessRequest awaitPending(String subject) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<AccessRequest> pending = access.pendingRequest(subject, "password");
            if (pending.isPresent()) {
                return pending.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no request of " + subject + " is pending");
    }

    private static AccessRequest awaitAnswered(String subject) {
        return access.requests(RequestStatus.APPROVED).stream().filter(r -> r.requester().equals(subject)).findFirst().orElseThrow();
    }

    private static void awaitClosed(Connection connection) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (connection.isValid(1) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(connection.isValid(1)).as("the session was ended").isFalse();
    }

    private static SessionSummary lastSessionOf(String subject) throws Exception {
        AuditRecorder recorder = sluice.gateway.recorder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            recorder.flush().get(10, TimeUnit.SECONDS);
            List<SessionSummary> sessions = SessionIndex.list(recorder.paths(), new SessionFilter(subject, null, null, null, null));
            if (!sessions.isEmpty() && sessions.get(sessions.size() - 1).reason() != null) {
                return sessions.get(sessions.size() - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ended session of " + subject);
            }
            Thread.sleep(50);
        }
    }
}
