package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.sql.SqlStatement;
import dev.sluice.policy.sql.SqlStatementClassifier;
import dev.sluice.policy.sql.StatementKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    private static final SqlStatementClassifier CLASSIFIER = new SqlStatementClassifier();

    private static RuleMatch who(Set<String> groups, String connection) {
        return new RuleMatch(Set.of(), groups, Set.of(connection), Set.of(), Optional.empty());
    }

    private static RuleMatch everyone(OperationMatch operation) {
        return new RuleMatch(Set.of(RuleMatch.ANY), Set.of(), Set.of(RuleMatch.ANY), Set.of(), Optional.of(operation));
    }

    private static OperationMatch.Sql sql(Set<StatementKind> kinds, Optional<Boolean> whereLess, Optional<Boolean> readOnly,
                                          Optional<Boolean> unclassified) {
        return new OperationMatch.Sql(kinds, Set.of(), Set.of(), Set.of(), Set.of(), whereLess, readOnly, unclassified);
    }

    private static PolicyRule rule(String name, RuleMatch match, RuleAction action) {
        return new PolicyRule(name, "test.yaml:1:1", match, Optional.of(action), List.of(), Optional.empty());
    }

    private static final PolicyRule DBA = PolicyRule.allow("dba", who(Set.of("dba"), RuleMatch.ANY), false);
    private static final PolicyRule ANALYSTS = PolicyRule.allow("analysts", who(Set.of("analysts"), RuleMatch.ANY), true);
    private static final PolicyRule DEV_ORDERS = PolicyRule.allow("dev-orders", who(Set.of("dev"), "orders"), false);
    private static final PolicyRule NO_WHERE_LESS = rule("no-where-less", everyone(
            sql(Set.of(), Optional.of(true), Optional.empty(), Optional.empty())), new RuleAction.Block("add a WHERE"));
    private static final PolicyRule DEV_WRITES_HELD = rule("dev-writes", new RuleMatch(Set.of(), Set.of("dev"), Set.of("orders"),
            Set.of(), Optional.of(sql(Set.of(), Optional.empty(), Optional.of(false), Optional.empty()))),
            new RuleAction.RequireApproval(Set.of("dba"), "1", "needs a DBA"));

    private static PolicyEngine engine(PolicyRule... rules) {
        return PolicyEngine.of(List.of(rules), Map.of("orders", AccessList.NOBODY, "billing", AccessList.NOBODY));
    }

    private static ConnectDecision connect(PolicyEngine engine, String subject, Set<String> groups, String connection) {
        return engine.decide(new ConnectRequest(subject, groups, connection, "postgres"));
    }

    private static Decision run(PolicyEngine engine, Set<String> groups, String connection, String text) {
        SqlStatement statement = CLASSIFIER.classify(text).statements().get(0);
        return engine.decide(new OperationRequest("someone", groups, connection, "postgres", new Operation.Sql(statement)));
    }

    @Test
    void nobodyIsAdmittedWithoutARule() {
        ConnectDecision decision = connect(engine(), "alice", Set.of("dba"), "orders");
        assertThat(decision).isInstanceOf(ConnectDecision.Deny.class);
        assertThat(decision.rule()).isEqualTo(PolicyEngine.DEFAULT_DENY);
    }

    @Test
    void unknownConnectionIsRefusedByName() {
        ConnectDecision decision = connect(engine(DBA), "alice", Set.of("dba"), "nowhere");
        assertThat(decision).isEqualTo(new ConnectDecision.Deny(PolicyEngine.DEFAULT_DENY, "unknown connection \"nowhere\""));
    }

    @Test
    void refusalNamesTheGroupsThatWouldBeAdmitted() {
        ConnectDecision decision = connect(engine(DEV_ORDERS), "bob", Set.of("sales"), "orders");
        assertThat(((ConnectDecision.Deny) decision).reason())
                .isEqualTo("connection \"orders\" requires membership of one of the groups: dev");
    }

    @Test
    void admissionRuleAdmitsItsGroupOnItsConnectionsOnly() {
        PolicyEngine engine = engine(DEV_ORDERS);
        assertThat(connect(engine, "bob", Set.of("dev"), "orders")).isEqualTo(new ConnectDecision.Allow("dev-orders", false));
        assertThat(connect(engine, "bob", Set.of("dev"), "billing")).isInstanceOf(ConnectDecision.Deny.class);
    }

    @Test
    void protocolsLimitARule() {
        PolicyRule sshOnly = PolicyRule.allow("ssh-only", new RuleMatch(Set.of("alice"), Set.of(), Set.of("orders"),
                Set.of("ssh"), Optional.empty()), false);
        assertThat(connect(engine(sshOnly), "alice", Set.of(), "orders")).isInstanceOf(ConnectDecision.Deny.class);
    }

    @Test
    void connectionAllowListsBecomeNamedAdmissionRules() {
        PolicyEngine engine = PolicyEngine.of(List.of(), Map.of("orders", new AccessList(Set.of("alice"), Set.of("dba"))));
        assertThat(connect(engine, "alice", Set.of(), "orders")).isEqualTo(new ConnectDecision.Allow("connections.orders.allow", false));
        assertThat(connect(engine, "bob", Set.of("dba"), "orders")).isEqualTo(new ConnectDecision.Allow("connections.orders.allow", false));
        assertThat(run(engine, Set.of("dba"), "orders", "DELETE FROM t WHERE id = 1"))
                .isEqualTo(new Decision.Allow("connections.orders.allow"));
        assertThat(connect(engine, "bob", Set.of("sales"), "orders")).isInstanceOf(ConnectDecision.Deny.class);
    }

    @Test
    void blockWithoutOperationCriteriaRefusesTheSessionOverAnAllow() {
        PolicyRule contractors = rule("no-contractors", who(Set.of("contractors"), RuleMatch.ANY), new RuleAction.Block("contractors use the replica"));
        ConnectDecision decision = connect(engine(DBA, contractors), "carl", Set.of("dba", "contractors"), "orders");
        assertThat(decision).isEqualTo(new ConnectDecision.Deny("no-contractors", "contractors use the replica"));
    }

    @Test
    void readOnlyWinsWhenAnyAdmittingRuleSaysSo() {
        ConnectDecision decision = connect(engine(DBA, ANALYSTS), "ann", Set.of("dba", "analysts"), "orders");
        assertThat(decision).isEqualTo(new ConnectDecision.Allow("analysts", true));
    }

    @Test
    void readOnlySessionRefusesWritesNamingTheRuleAndWhatTheStatementWouldDo() {
        PolicyEngine engine = engine(ANALYSTS);
        assertThat(run(engine, Set.of("analysts"), "orders", "SELECT * FROM orders")).isEqualTo(new Decision.Allow("analysts"));
        Decision delete = run(engine, Set.of("analysts"), "orders", "DELETE FROM orders WHERE id = 1");
        assertThat(delete).isEqualTo(new Decision.Block("analysts",
                "the session is read-only: statement DELETE writes data"));
        assertThat(((Decision.Block) run(engine, Set.of("analysts"), "orders", "CREATE TABLE x (id int)")).message())
                .endsWith("changes the schema");
    }

    @Test
    void blockBeatsApprovalBeatsAllow() {
        PolicyEngine engine = engine(DEV_ORDERS, NO_WHERE_LESS, DEV_WRITES_HELD);
        assertThat(run(engine, Set.of("dev"), "orders", "SELECT 1")).isEqualTo(new Decision.Allow("dev-orders"));
        assertThat(run(engine, Set.of("dev"), "orders", "UPDATE orders SET paid = true WHERE id = 1"))
                .isEqualTo(new Decision.Hold("dev-writes", Set.of("dba"), "1", "needs a DBA"));
        assertThat(run(engine, Set.of("dev"), "orders", "UPDATE orders SET paid = true"))
                .isEqualTo(new Decision.Block("no-where-less", "add a WHERE"));
    }

    @Test
    void operationsOfASessionNoLongerAdmittedAreRefused() {
        Decision decision = run(engine(DBA), Set.of("sales"), "orders", "SELECT 1");
        assertThat(decision.rule()).isEqualTo(PolicyEngine.DEFAULT_DENY);
        assertThat(((Decision.Block) decision).message()).startsWith("the session is no longer allowed");
    }

    @Test
    void unclassifiedStatementIsRefusedUnlessARuleAllowsUnclassified() {
        Decision refused = run(engine(DBA), Set.of("dba"), "orders", "FROBNICATE everything");
        assertThat(refused.rule()).isEqualTo(PolicyEngine.DEFAULT_UNCLASSIFIED);
        assertThat(((Decision.Block) refused).message()).contains("could not be classified (");

        PolicyRule dbaUnclassified = rule("dba-unclassified", new RuleMatch(Set.of(), Set.of("dba"), Set.of(RuleMatch.ANY), Set.of(),
                Optional.of(sql(Set.of(), Optional.empty(), Optional.empty(), Optional.of(true)))), new RuleAction.Allow(false));
        assertThat(run(engine(DBA, dbaUnclassified), Set.of("dba"), "orders", "FROBNICATE everything"))
                .isEqualTo(new Decision.Allow("dba-unclassified"));
    }

    @Test
    void functionCallIsRefusedUnlessARuleAllowsIt() {
        OperationRequest call = new OperationRequest("dora", Set.of("dba"), "orders", "postgres", new Operation.FunctionCall(764));
        assertThat(engine(DBA).decide(call).rule()).isEqualTo(PolicyEngine.DEFAULT_FUNCTION_CALL);

        PolicyRule calls = rule("dba-calls", new RuleMatch(Set.of(), Set.of("dba"), Set.of(RuleMatch.ANY), Set.of(),
                Optional.of(new OperationMatch.FunctionCall())), new RuleAction.Allow(false));
        assertThat(engine(DBA, calls).decide(call)).isEqualTo(new Decision.Allow("dba-calls"));
    }

    @Test
    void sqlCriteriaMatchTablesCommandTagsAndEffects() {
        PolicyRule noUsers = rule("no-users", everyone(new OperationMatch.Sql(Set.of(), Set.of(), Set.of(), Set.of("public.users"),
                Set.of(), Optional.empty(), Optional.empty(), Optional.empty())), new RuleAction.Block("not users"));
        PolicyRule noDrop = rule("no-drop", everyone(new OperationMatch.Sql(Set.of(), Set.of(), Set.of("DROP *"), Set.of(),
                Set.of(), Optional.empty(), Optional.empty(), Optional.empty())), new RuleAction.Block("no drop"));
        PolicyEngine engine = engine(DBA, noUsers, noDrop);
        assertThat(run(engine, Set.of("dba"), "orders", "SELECT * FROM users").rule()).isEqualTo("no-users");
        assertThat(run(engine, Set.of("dba"), "orders", "SELECT * FROM public.users").rule()).isEqualTo("no-users");
        assertThat(run(engine, Set.of("dba"), "orders", "SELECT * FROM audit.users").rule()).isEqualTo("dba");
        assertThat(run(engine, Set.of("dba"), "orders", "DROP INDEX i").rule()).isEqualTo("no-drop");
    }

    @Test
    void shellAndHttpCriteriaMatchTheirOperations() {
        PolicyRule noRm = rule("no-rm", everyone(new OperationMatch.Shell(Set.of("rm"), List.of("-*r*"))), new RuleAction.Block("no rm -r"));
        PolicyRule noExec = rule("no-exec", everyone(new OperationMatch.Http(Set.of(), Set.of("/api/*"), Set.of(), Set.of("pods"),
                Set.of("prod"), Set.of("exec"))), new RuleAction.Block("no exec in prod"));
        PolicyEngine engine = engine(DBA, noRm, noExec);
        assertThat(engine.decide(shell("/bin/rm", "-rf", "/tmp/x")).rule()).isEqualTo("no-rm");
        assertThat(engine.decide(shell("rm", "/tmp/x")).rule()).isEqualTo("dba");
        assertThat(engine.decide(http("prod", "exec")).rule()).isEqualTo("no-exec");
        assertThat(engine.decide(http("dev", "exec")).rule()).isEqualTo("dba");
        assertThat(engine.decide(http("prod", null)).rule()).isEqualTo("dba");
    }

    @Test
    void ruleWithoutDecisionOnlyCarriesMaskAndRecording() {
        PolicyRule recordAll = new PolicyRule("record", "t.yaml:1:1", who(Set.of("dba"), RuleMatch.ANY), Optional.empty(),
                List.of(Map.of("column", "email")), Optional.of(RecordingLevel.FULL));
        assertThat(connect(engine(recordAll), "dora", Set.of("dba"), "orders")).isInstanceOf(ConnectDecision.Deny.class);
        assertThat(run(engine(DBA, recordAll), Set.of("dba"), "orders", "SELECT 1")).isEqualTo(new Decision.Allow("dba"));
    }

    @Test
    void allowedOperationDecisionIsReusedNotRebuilt() {
        PolicyEngine engine = engine(DBA);
        assertThat(run(engine, Set.of("dba"), "orders", "SELECT 1")).isSameAs(run(engine, Set.of("dba"), "orders", "SELECT 2"));
    }

    private static OperationRequest shell(String command, String... arguments) {
        return new OperationRequest("dora", Set.of("dba"), "orders", "ssh", new Operation.ShellCommand(command, List.of(arguments)));
    }

    private static OperationRequest http(String namespace, String subresource) {
        return new OperationRequest("dora", Set.of("dba"), "orders", "http", new Operation.HttpRequest("POST",
                "/api/v1/namespaces/" + namespace + "/pods/web/exec", "create", "pods", namespace, subresource));
    }

    private static final GrantTerms AGENT_TERMS = new GrantTerms(Set.of("leads"), "any", java.time.Duration.ofSeconds(30), 1,
            GrantTerms.OPERATIONS, Set.of("read"));
    private static final PolicyRule AGENTS_NEED_A_GRANT = rule("agents-grant", who(Set.of("agents"), "orders"),
            new RuleAction.RequireGrant(AGENT_TERMS));

    @Test
    void aGrantRuleAdmitsOnlyUnderAGrantEvenWhenAnotherRuleAllows() {
        PolicyEngine engine = engine(PolicyRule.allow("everyone-orders", who(Set.of("agents", "dev"), "orders"), false),
                AGENTS_NEED_A_GRANT);
        assertThat(connect(engine, "bot", Set.of("agents"), "orders"))
                .isEqualTo(new ConnectDecision.Allow("agents-grant", false, AGENT_TERMS));
        assertThat(connect(engine, "bob", Set.of("dev"), "orders"))
                .isEqualTo(new ConnectDecision.Allow("everyone-orders", false, null));
        assertThat(run(engine, Set.of("agents"), "orders", "SELECT 1")).isInstanceOf(Decision.Allow.class);
        assertThat(engine.grantRule(new ConnectRequest("bot", Set.of("agents"), "orders", "postgres")))
                .contains(new Decision.RequireGrant("agents-grant", AGENT_TERMS));
        assertThat(engine.grantRule(new ConnectRequest("bob", Set.of("dev"), "orders", "postgres"))).isEmpty();
        PolicyEvaluation tested = new PolicyTester(engine, CLASSIFIER).evaluate("bot", Set.of("agents"), "orders", "postgres", Optional.empty());
        assertThat(tested.outcome()).isEqualTo(PolicyTestCase.Outcome.GRANT);
        assertThat(tested.message()).contains("only under a just-in-time grant", "approvers: leads");
    }

    @Test
    void operationsCanNeedAGrantAndABlockOrHoldStillWins() {
        PolicyRule writesNeedGrant = rule("dev-writes-grant", new RuleMatch(Set.of(), Set.of("dev"), Set.of("orders"), Set.of(),
                Optional.of(sql(Set.of(), Optional.empty(), Optional.of(false), Optional.empty()))), new RuleAction.RequireGrant(AGENT_TERMS));
        PolicyEngine engine = engine(DEV_ORDERS, writesNeedGrant, NO_WHERE_LESS);
        assertThat(run(engine, Set.of("dev"), "orders", "UPDATE t SET a = 1 WHERE id = 2"))
                .isEqualTo(new Decision.RequireGrant("dev-writes-grant", AGENT_TERMS));
        assertThat(run(engine, Set.of("dev"), "orders", "SELECT 1")).isEqualTo(new Decision.Allow("dev-orders"));
        assertThat(run(engine, Set.of("dev"), "orders", "DELETE FROM t")).isInstanceOf(Decision.Block.class);
        assertThat(run(engine(DEV_ORDERS, writesNeedGrant, DEV_WRITES_HELD), Set.of("dev"), "orders", "UPDATE t SET a = 1 WHERE id = 2"))
                .isInstanceOf(Decision.Hold.class);
    }
}
