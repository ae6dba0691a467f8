package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.policy.OperationMatch;
import dev.sluice.policy.PolicyRule;
import dev.sluice.policy.RecordingLevel;
import dev.sluice.policy.RuleAction;
import dev.sluice.policy.sql.SqlEffect;
import dev.sluice.policy.sql.StatementKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileLoaderTest {
    @TempDir
    Path dir;

    private static PolicyFile parse(String yaml) throws ConfigException {
        return PolicyFileLoader.parse(yaml, "p.yaml");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        PolicyFile file = parse("""
                rules:
                  - name: writes-need-approval
                    description: anything
                    match:
                      groups: [dev]
                      connections: [orders]
                      protocols: [postgres]
                      kinds: [update, DELETE]
                      effects: [WRITE]
                      command_tags: [delete]
                      tables: [public.orders]
                      functions: [pg_sleep]
                      where_less_write: false
                      read_only: false
                    require_approval: { approvers: [dba, leads], quorum: all, message: ask a DBA }
                    mask: [{ columns: [email], masker: { partial: { keep_last: 4 } } }]
                    record: full
                """);
        PolicyRule rule = file.rules().get(0);
        assertThat(rule.name()).isEqualTo("writes-need-approval");
        assertThat(rule.origin()).isEqualTo("p.yaml:2:5");
        assertThat(rule.match().groups()).containsExactly("dev");
        assertThat(rule.match().operation()).contains(new OperationMatch.Sql(Set.of(StatementKind.UPDATE, StatementKind.DELETE),
                Set.of(SqlEffect.WRITE), Set.of("DELETE"), Set.of("public.orders"), Set.of("pg_sleep"),
                Optional.of(false), Optional.of(false), Optional.empty()));
        assertThat(rule.action()).contains(new RuleAction.RequireApproval(Set.of("dba", "leads"), "all", "ask a DBA"));
        assertThat(rule.mask()).containsExactly(Map.of("columns", List.of("email"), "masker", Map.of("partial", Map.of("keep_last", 4))));
        assertThat(rule.record()).contains(RecordingLevel.FULL);
    }

    @Test
    void readOnlyAllowAndCasesAreRead() throws Exception {
        PolicyFile file = parse("""
                rules:
                  - { name: analysts, match: { groups: [analysts], connections: ["*"] }, allow: true, read_only: true }
                cases:
                  - { name: reads, subject: bob, groups: [analysts], connection: orders, sql: SELECT 1, expect: allow, rule: analysts }
                """);
        assertThat(file.rules().get(0).action()).contains(new RuleAction.Allow(true));
        assertThat(file.cases().get(0).expect()).isEqualTo(dev.sluice.policy.PolicyTestCase.Outcome.ALLOW);
        assertThat(file.cases().get(0).sql()).contains("SELECT 1");
    }

    @Test
    void unknownKindIsNamedWithItsPosition() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: r
                    match: { groups: [dev], connections: ["*"], kinds: [SELECT, DELEET] }
                    block: no
                """)).hasMessageStartingWith("p.yaml:3:65: rules[0].match.kinds[1]: unknown statement kind \"DELEET\" (known: SELECT,");
    }

    @Test
    void unknownEffectIsNamed() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: r
                    match: { groups: [dev], connections: ["*"], effects: [WRITES] }
                    block: no
                """)).hasMessageStartingWith("p.yaml:3:59: rules[0].match.effects[0]: unknown effect \"WRITES\"");
    }

    @Test
    void conflictingActionsAreRefused() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: r
                    match: { groups: [dev], connections: ["*"] }
                    allow: true
                    block: "no"
                """)).hasMessage("p.yaml:5:12: rules[0].block: conflicting actions allow and block: "
                + "a rule has one of allow, block, require_approval, require_grant");
    }

    @Test
    void readOnlyNeedsAnAdmittingAllow() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - { name: r, match: { groups: [dev], connections: ["*"], kinds: [SELECT] }, allow: true, read_only: true }
                """)).hasMessageContaining("p.yaml:2:103: rules[0].read_only: read_only applies to a rule that admits sessions");
    }

    @Test
    void mixedOperationFamiliesAreRefused() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - { name: r, match: { groups: [dev], connections: ["*"], kinds: [SELECT], commands: [rm] }, block: no }
                """)).hasMessageContaining("p.yaml:2:23: rules[0].match: mixes SQL and SSH criteria");
    }

    @Test
    void ruleMustNameWhomAndWhere() {
        assertThatThrownBy(() -> parse("rules: [{ name: r, match: { connections: [\"*\"] }, allow: true }]"))
                .hasMessageContaining("p.yaml:1:27: rules[0].match: name whom the rule is for");
        assertThatThrownBy(() -> parse("rules: [{ name: r, match: { groups: [dev] }, allow: true }]"))
                .hasMessageContaining("rules[0].match.connections: name the connections");
    }

    @Test
    void reservedAndDuplicateNamesAreRefused() {
        assertThatThrownBy(() -> parse("rules: [{ name: default.x, match: { groups: [dev], connections: [a] }, allow: true }]"))
                .hasMessageContaining("rules[0].name: rule names starting with \"default.\" are reserved");
        assertThatThrownBy(() -> parse("""
                rules:
                  - { name: r, match: { groups: [dev], connections: [a] }, allow: true }
                  - { name: r, match: { groups: [ops], connections: [a] }, allow: true }
                """)).hasMessage("p.yaml:3:5: rules[1].name: rule name \"r\" is already used at p.yaml:2:5");
    }

    @Test
    void duplicateNamesAcrossFilesAreRefused() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "rules: [{ name: r, match: { groups: [dev], connections: [a] }, allow: true }]\n");
        Files.writeString(dir.resolve("b.yaml"), "rules:\n  - { name: r, match: { groups: [ops], connections: [a] }, allow: true }\n");
        assertThatThrownBy(() -> PolicyFileLoader.loadAll(List.of(dir)))
                .hasMessage(dir.resolve("b.yaml") + ":2:5: rules[0].name: rule name \"r\" is already used at "
                        + dir.resolve("a.yaml") + ":1:9");
    }

    @Test
    void badQuorumRecordAndYamlAreRefusedWithPositions() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: r
                    match: { groups: [dev], connections: [a] }
                    require_approval: { approvers: [dba], quorum: most }
                """)).hasMessageStartingWith("p.yaml:4:51: rules[0].require_approval.quorum: expected any, all or a number");
        assertThatThrownBy(() -> parse("rules: [{ name: r, match: { groups: [dev], connections: [a] }, record: everything }]"))
                .hasMessageContaining("rules[0].record: unknown recording level \"everything\" (known: none, metadata, full)");
        assertThatThrownBy(() -> parse("rules: [{ name: r")).hasMessageStartingWith("p.yaml:1:18: invalid YAML");
        assertThatThrownBy(() -> parse("rules: [{ name: r, match: { groups: [dev], connections: [a] }, alow: true }]"))
                .hasMessageContaining("rules[0]: unknown key \"alow\"");
    }

    @Test
    void ruleThatDoesNothingIsRefused() {
        assertThatThrownBy(() -> parse("rules: [{ name: r, match: { groups: [dev], connections: [a] } }]"))
                .hasMessageContaining("rule \"r\" does nothing");
    }

    @Test
    void examplePoliciesLoad() throws Exception {
        PolicySet set = PolicyFileLoader.loadAll(List.of(Path.of("../config/policies")));
        assertThat(set.rules()).extracting(PolicyRule::name).contains("dba-full-access", "no-where-less-writes");
        assertThat(set.cases()).isNotEmpty();
    }

    @Test
    void requireGrantTermsAreReadWithTheirDefaults() throws Exception {
        PolicyFile file = parse("""
                rules:
                  - name: agents-need-a-grant
                    match: { groups: [agents], connections: [traces] }
                    require_grant:
                      approvers: [leads, dba]
                      quorum: all
                      max_ttl: 30s
                      max_uses: 1
                      use_unit: operations
                      scope: [select]
                  - name: defaults
                    match: { groups: [dev], connections: [orders] }
                    require_grant: { approvers: [dba] }
                """);
        assertThat(file.rules().get(0).action()).contains(new RuleAction.RequireGrant(new dev.sluice.policy.GrantTerms(
                Set.of("leads", "dba"), "all", java.time.Duration.ofSeconds(30), 1, "operations", Set.of("select"))));
        assertThat(file.rules().get(1).action()).contains(new RuleAction.RequireGrant(new dev.sluice.policy.GrantTerms(
                Set.of("dba"), "any", java.time.Duration.ofHours(1), null, "sessions", Set.of("read"))));
    }

    @Test
    void requireGrantRefusesAnUnknownUseUnitWithItsPlace() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - name: r
                    match: { groups: [dev], connections: ["*"] }
                    require_grant: { approvers: [dba], use_unit: queries }
                """)).hasMessageContaining("p.yaml:4:").hasMessageContaining("expected sessions or operations, got \"queries\"");
    }
}
