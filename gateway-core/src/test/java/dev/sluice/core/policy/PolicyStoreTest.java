package dev.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.PolicyConfig;
import dev.sluice.policy.AccessList;
import dev.sluice.policy.ConnectDecision;
import dev.sluice.policy.ConnectPolicy;
import dev.sluice.policy.ConnectRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyStoreTest {
    private static final String DEV_ALLOWED = "rules: [{ name: dev, match: { groups: [dev], connections: [orders] }, allow: true }]\n";
    private static final String OPS_ALLOWED = "rules: [{ name: ops, match: { groups: [ops], connections: [orders] }, allow: true }]\n";
    private static final String BROKEN = "rules:\n  - { name: ops, match: { groups: [ops], connections: [orders] }, allow: maybe }\n";

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private PolicyStore open() throws Exception {
        return PolicyStore.open(PolicyConfig.directory(dir), Map.of("orders", new AccessList(Set.of("alice"), Set.of())), meters);
    }

    private static ConnectDecision connect(ConnectPolicy policy, String group) {
        return policy.decide(new ConnectRequest("someone", Set.of(group), "orders", "postgres"));
    }

    private double reloads(String result) {
        return meters.get("sluice.policy.reloads").tag("result", result).counter().count();
    }

    @Test
    void loadsTheDirectoryTogetherWithTheConnectionsAllowLists() throws Exception {
        Files.writeString(dir.resolve("access.yaml"), DEV_ALLOWED);
        try (PolicyStore store = open()) {
            assertThat(connect(store.connectPolicy(), "dev")).isEqualTo(new ConnectDecision.Allow("dev", false));
            assertThat(store.connectPolicy().decide(new ConnectRequest("alice", Set.of(), "orders", "postgres")).rule())
                    .isEqualTo("connections.orders.allow");
            assertThat(meters.get("sluice.policy.rules").gauge().value()).isEqualTo(2);
            assertThat(store.readinessCheck().check().ready()).isTrue();
            assertThat(store.readinessCheck().check().detail()).isEqualTo("2 rule(s) in force from 1 policy file(s)");
        }
    }

    @Test
    void invalidFileAtStartStopsTheStartNamingFileLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), BROKEN);
        assertThatThrownBy(this::open).hasMessageStartingWith(dir.resolve("broken.yaml") + ":2:74: rules[0].allow: expected true or false");
    }

    @Test
    void invalidChangeKeepsTheLastGoodPolicyUntilAValidOneArrives() throws Exception {
        Path file = dir.resolve("access.yaml");
        Files.writeString(file, DEV_ALLOWED);
        try (PolicyStore store = open()) {
            ConnectPolicy view = store.connectPolicy();
            assertThat(store.reloadIfChanged()).isFalse();

            Files.writeString(file, BROKEN);
            assertThat(store.reloadIfChanged()).isFalse();
            assertThat(connect(view, "dev")).isInstanceOf(ConnectDecision.Allow.class);
            assertThat(connect(view, "ops")).isInstanceOf(ConnectDecision.Deny.class);
            assertThat(store.lastError()).hasValueSatisfying(error -> assertThat(error).startsWith(file + ":2:74:"));
            assertThat(store.readinessCheck().check().ready()).isTrue();
            assertThat(store.readinessCheck().check().detail()).contains("previous policy stays in force").contains(file + ":2:74:");
            assertThat(reloads("failure")).isEqualTo(1);

            assertThat(store.reloadIfChanged()).as("an unchanged broken file is not tried again").isFalse();
            assertThat(reloads("failure")).isEqualTo(1);

            Files.writeString(file, OPS_ALLOWED);
            assertThat(store.reloadIfChanged()).isTrue();
            assertThat(connect(view, "ops")).isEqualTo(new ConnectDecision.Allow("ops", false));
            assertThat(connect(view, "dev")).isInstanceOf(ConnectDecision.Deny.class);
            assertThat(store.lastError()).isEmpty();
            assertThat(reloads("success")).isEqualTo(1);
        }
    }

    @Test
    void addedAndRemovedFilesAreNoticed() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), DEV_ALLOWED);
        try (PolicyStore store = open()) {
            Files.writeString(dir.resolve("b.yaml"), OPS_ALLOWED);
            assertThat(store.reloadIfChanged()).isTrue();
            assertThat(connect(store.connectPolicy(), "ops")).isInstanceOf(ConnectDecision.Allow.class);
            Files.delete(dir.resolve("a.yaml"));
            assertThat(store.reloadIfChanged()).isTrue();
            assertThat(connect(store.connectPolicy(), "dev")).isInstanceOf(ConnectDecision.Deny.class);
        }
    }

    @Test
    void withoutDirectoryOnlyAllowListsApply() throws Exception {
        try (PolicyStore store = PolicyStore.open(PolicyConfig.NONE, Map.of("orders", new AccessList(Set.of(), Set.of("dba"))), meters)) {
            assertThat(connect(store.connectPolicy(), "dba").rule()).isEqualTo("connections.orders.allow");
            assertThat(store.reloadIfChanged()).isFalse();
        }
    }
}
