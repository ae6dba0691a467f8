package dev.sluice.core.config;

import dev.sluice.policy.PolicyTestCase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one entry of a policy file's {@code cases}. */
final class PolicyCaseReader {
    static final List<String> CASE_KEYS =
            List.of("name", "subject", "groups", "connection", "protocol", "sql", "expect", "rule");

    private PolicyCaseReader() {}

    static PolicyTestCase read(String source, Node node, String path) throws ConfigException {
        YamlMapping item = YamlMapping.open(source, node, path, CASE_KEYS);
        String name = item.requiredString("name");
        String subject = item.requiredString("subject");
        List<String> groups = item.stringList("groups", List.of());
        String connection = item.requiredString("connection");
        String protocol = item.string("protocol", PolicyTestCase.DEFAULT_PROTOCOL);
        if (!PolicyRuleReader.PROTOCOLS.contains(protocol)) {
            throw item.error("protocol", "unknown protocol \"" + protocol + "\"");
        }
        Optional<String> sql = Optional.ofNullable(item.string("sql", null));
        PolicyTestCase.Outcome expect = PolicyMatchReader.enumValue(source, item.required("expect"), item.pathOf("expect"),
                PolicyTestCase.Outcome.class, "outcome (allow, block, hold, grant)");
        if (sql.isEmpty() && expect == PolicyTestCase.Outcome.HOLD) {
            throw item.error("expect", "a case without sql is about starting a session, which is allowed, blocked or needs a grant");
        }
        Optional<String> rule = Optional.ofNullable(item.string("rule", null));
        return new PolicyTestCase(name, PolicyRuleReader.origin(source, node), subject, new LinkedHashSet<>(groups),
                connection, protocol, sql, expect, rule);
    }
}
