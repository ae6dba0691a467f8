package dev.sluice.core.config;

import dev.sluice.policy.GrantTerms;
import dev.sluice.policy.OperationMatch;
import dev.sluice.policy.PolicyEngine;
import dev.sluice.policy.PolicyRule;
import dev.sluice.policy.RecordingLevel;
import dev.sluice.policy.RuleAction;
import dev.sluice.policy.RuleMatch;
import dev.sluice.policy.mask.MaskPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one rule of a policy file: its match, checked for consistency, and its actions. */
final class PolicyRuleReader {
    static final List<String> RULE_KEYS =
            List.of("name", "description", "match", "allow", "read_only", "block", "require_approval", "require_grant",
                    "mask", "record");
    static final List<String> APPROVAL_KEYS = List.of("approvers", "quorum", "message");
    static final List<String> GRANT_KEYS = List.of("approvers", "quorum", "max_ttl", "max_uses", "use_unit", "scope");
    /** A grant lasts at most this long unless the rule says otherwise. */
    static final java.time.Duration DEFAULT_GRANT_MAX_TTL = java.time.Duration.ofHours(1);
    /** What a grant may cover unless the rule says otherwise: reading only. */
    static final List<String> DEFAULT_GRANT_SCOPE = List.of("read");
    private static final Pattern SCOPE_KIND = Pattern.compile("[a-z_]{1,32}");
    static final String DEFAULT_QUORUM = "any";
    static final Set<String> PROTOCOLS = Set.of("postgres", "ssh", "http");
    private static final Pattern QUORUM_NUMBER = Pattern.compile("[1-9][0-9]{0,2}");

    private PolicyRuleReader() {}

    static PolicyRule read(String source, Node node, String path) throws ConfigException {
        YamlMapping rule = YamlMapping.open(source, node, path, RULE_KEYS);
        String name = ConfigChecks.name(rule, "name");
        for (String reserved : PolicyEngine.RESERVED_PREFIXES) {
            if (name.startsWith(reserved)) {
                throw rule.error("name", "rule names starting with \"" + reserved + "\" are reserved for Sluice's own rules");
            }
        }
        rule.required("match");
        RuleMatch match = PolicyMatchReader.read(rule.mapping("match", PolicyMatchReader.MATCH_KEYS));
        Optional<RuleAction> action = action(rule, match);
        List<Map<String, Object>> mask = mask(rule);
        Optional<RecordingLevel> record = record(rule);
        if (action.isEmpty() && mask.isEmpty() && record.isEmpty()) {
            throw rule.error("rule \"" + name + "\" does nothing: give one of allow, block, require_approval, require_grant (or mask, record)");
        }
        rule.string("description", "");
        return new PolicyRule(name, origin(source, node), match, action, mask, record);
    }

    static String origin(String source, Node node) {
        return source + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }

    private static Optional<RuleAction> action(YamlMapping rule, RuleMatch match) throws ConfigException {
        List<String> given = new ArrayList<>();
        for (String key : List.of("allow", "block", "require_approval", "require_grant")) {
            if (rule.has(key)) {
                given.add(key);
            }
        }
        if (given.size() > 1) {
            throw rule.error(given.get(1), "conflicting actions " + String.join(" and ", given)
                    + ": a rule has one of allow, block, require_approval, require_grant");
        }
        boolean readOnly = rule.bool("read_only", false);
        if (rule.has("read_only") && !given.equals(List.of("allow"))) {
            throw rule.error("read_only", "read_only goes with allow: it makes the sessions this rule admits read-only"
                    + " (a require_grant rule limits sessions with its scope instead)");
        }
        if (readOnly && match.operation().isPresent()) {
            throw rule.error("read_only", "read_only applies to a rule that admits sessions, one without operation criteria");
        }
        if (given.isEmpty()) {
            return Optional.empty();
        }
        switch (given.get(0)) {
            case "allow" -> {
                if (!rule.bool("allow", true)) {
                    throw rule.error("allow", "allow: false means nothing (everything not allowed is denied); omit it, or use block");
                }
                return Optional.of(new RuleAction.Allow(readOnly));
            }
            case "block" -> {
                return Optional.of(new RuleAction.Block(rule.requiredString("block")));
            }
            case "require_grant" -> {
                return Optional.of(new RuleAction.RequireGrant(grantTerms(rule)));
            }
            default -> {
                return Optional.of(approval(rule));
            }
        }
    }

    private static GrantTerms grantTerms(YamlMapping rule) throws ConfigException {
        YamlMapping grant = rule.mapping("require_grant", GRANT_KEYS);
        List<String> approvers = grant.stringList("approvers", List.of());
        String quorum = quorum(grant);
        java.time.Duration maxTtl = grant.duration("max_ttl", DEFAULT_GRANT_MAX_TTL);
        Integer maxUses = grant.has("max_uses") ? grant.integer("max_uses", 1, 1, 1_000_000) : null;
        String useUnit = grant.string("use_unit", GrantTerms.SESSIONS);
        if (!useUnit.equals(GrantTerms.SESSIONS) && !useUnit.equals(GrantTerms.OPERATIONS)) {
            throw grant.error("use_unit", "expected sessions or operations, got \"" + useUnit + "\"");
        }
        List<String> scope = grant.stringList("scope", DEFAULT_GRANT_SCOPE);
        for (String kind : scope) {
            if (!SCOPE_KIND.matcher(kind).matches()) {
                throw grant.error("scope", "expected read, write or statement kinds such as select, got \"" + kind + "\"");
            }
        }
        if (scope.isEmpty()) {
            throw grant.error("scope", "a grant's scope names at least one kind: read, write or statement kinds");
        }
        return new GrantTerms(new LinkedHashSet<>(approvers), quorum, maxTtl, maxUses, useUnit, new LinkedHashSet<>(scope));
    }

    private static String quorum(YamlMapping mapping) throws ConfigException {
        String quorum = mapping.string("quorum", DEFAULT_QUORUM);
        if (!quorum.equals("any") && !quorum.equals("all") && !QUORUM_NUMBER.matcher(quorum).matches()) {
            throw mapping.error("quorum", "expected any, all or a number of approvers from 1 to 999, got \"" + quorum + "\"");
        }
        return quorum;
    }

    private static RuleAction.RequireApproval approval(YamlMapping rule) throws ConfigException {
        YamlMapping approval = rule.mapping("require_approval", APPROVAL_KEYS);
        List<String> approvers = approval.stringList("approvers", List.of());
        if (approvers.isEmpty()) {
            throw approval.error("approvers", "at least one approver group is required");
        }
        String quorum = quorum(approval);
        String message = approval.string("message", "this operation needs approval");
        return new RuleAction.RequireApproval(new LinkedHashSet<>(approvers), quorum, message);
    }

    private static Optional<RecordingLevel> record(YamlMapping rule) throws ConfigException {
        if (!rule.has("record")) {
            return Optional.empty();
        }
        return Optional.of(PolicyMatchReader.enumValue(rule.source(), rule.node("record"), rule.pathOf("record"),
                RecordingLevel.class, "recording level"));
    }

    /** The masking plan is carried as written: a list of mappings of plain values. */
    private static List<Map<String, Object>> mask(YamlMapping rule) throws ConfigException {
        List<Node> items = rule.sequence("mask");
        List<Map<String, Object>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = rule.pathOf("mask") + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode)) {
                throw YamlMapping.error(rule.source(), items.get(i), itemPath, "expected a mapping, got " + YamlMapping.describe(items.get(i)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) plain(rule, items.get(i), itemPath);
            result.add(item);
        }
        try {
            MaskPlan.parse(result, VALIDATION_KEY);
        } catch (IllegalArgumentException e) {
            throw YamlMapping.error(rule.source(), rule.node("mask"), rule.pathOf("mask"), e.getMessage());
        }
        return result;
    }

    /** Parsing a plan checks it; the real key is the gateway's, applied when sessions start. */
    private static final byte[] VALIDATION_KEY = new byte[32];

    private static Object plain(YamlMapping rule, Node node, String path) throws ConfigException {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = rule.scalarText(tuple.getKeyNode(), path);
                map.put(key, plain(rule, tuple.getValueNode(), path + "." + key));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                list.add(plain(rule, sequence.getValue().get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        return scalar(node, rule.scalarText(node, path));
    }

    /** A scalar as YAML's core schema reads it: integers, booleans and null keep their type; the rest is text. */
    private static Object scalar(Node node, String text) {
        Tag tag = node.getTag();
        if (Tag.INT.equals(tag)) {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException tooLarge) {
                return text;
            }
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(text);
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        return text;
    }
}
