package dev.sluice.core.config;

import dev.sluice.policy.OperationMatch;
import dev.sluice.policy.RuleMatch;
import dev.sluice.policy.sql.SqlEffect;
import dev.sluice.policy.sql.StatementKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a rule's {@code match}: identity, connection, protocol, and at most one family of operation criteria. */
final class PolicyMatchReader {
    static final List<String> IDENTITY_KEYS = List.of("subjects", "groups", "connections", "protocols");
    static final List<String> SQL_KEYS = List.of("kinds", "effects", "command_tags", "tables", "functions",
            "where_less_write", "read_only", "unclassified");
    static final List<String> SHELL_KEYS = List.of("commands", "argument_patterns");
    static final List<String> HTTP_KEYS = List.of("methods", "paths", "verbs", "resources", "namespaces", "subresources");
    static final List<String> FUNCTION_CALL_KEYS = List.of("function_call");
    static final List<String> MATCH_KEYS = concat(IDENTITY_KEYS, SQL_KEYS, SHELL_KEYS, HTTP_KEYS, FUNCTION_CALL_KEYS);

    private PolicyMatchReader() {}

    static RuleMatch read(YamlMapping match) throws ConfigException {
        Set<String> subjects = new LinkedHashSet<>(match.stringList("subjects", List.of()));
        Set<String> groups = new LinkedHashSet<>(match.stringList("groups", List.of()));
        if (subjects.isEmpty() && groups.isEmpty()) {
            throw match.error("name whom the rule is for: subjects or groups (\"*\" for every authenticated identity)");
        }
        Set<String> connections = new LinkedHashSet<>(match.stringList("connections", List.of()));
        if (connections.isEmpty()) {
            throw match.error("connections", "name the connections the rule is for (\"*\" for all)");
        }
        Set<String> protocols = protocols(match);
        List<String> families = new ArrayList<>();
        addIfAny(match, families, "SQL", SQL_KEYS);
        addIfAny(match, families, "function_call", FUNCTION_CALL_KEYS);
        addIfAny(match, families, "SSH", SHELL_KEYS);
        addIfAny(match, families, "HTTP", HTTP_KEYS);
        if (families.size() > 1) {
            throw match.error("mixes " + String.join(" and ", families)
                    + " criteria; an operation is of one kind, so write one rule for each");
        }
        Optional<OperationMatch> operation = Optional.empty();
        if (!families.isEmpty()) {
            String family = families.get(0);
            String protocol = switch (family) {
                case "SSH" -> "ssh";
                case "HTTP" -> "http";
                default -> "postgres";
            };
            if (!protocols.isEmpty() && !protocols.contains(protocol)) {
                throw match.error("protocols", family + " criteria apply to protocol " + protocol
                        + ", which this rule's protocols leave out");
            }
            operation = Optional.of(switch (family) {
                case "SQL" -> sql(match);
                case "function_call" -> functionCall(match);
                case "SSH" -> new OperationMatch.Shell(set(match, "commands"), match.stringList("argument_patterns", List.of()));
                default -> new OperationMatch.Http(upper(match, "methods"), set(match, "paths"), set(match, "verbs"),
                        set(match, "resources"), set(match, "namespaces"), set(match, "subresources"));
            });
        }
        return new RuleMatch(subjects, groups, connections, protocols, operation);
    }

    private static OperationMatch sql(YamlMapping match) throws ConfigException {
        return new OperationMatch.Sql(
                enums(match, "kinds", StatementKind.class, "statement kind"),
                enums(match, "effects", SqlEffect.class, "effect"),
                upper(match, "command_tags"),
                set(match, "tables"),
                set(match, "functions"),
                optionalBool(match, "where_less_write"),
                optionalBool(match, "read_only"),
                optionalBool(match, "unclassified"));
    }

    private static OperationMatch functionCall(YamlMapping match) throws ConfigException {
        if (!match.bool("function_call", false)) {
            throw match.error("function_call", "function_call: false matches nothing; omit it");
        }
        return new OperationMatch.FunctionCall();
    }

    private static Set<String> protocols(YamlMapping match) throws ConfigException {
        Set<String> protocols = new LinkedHashSet<>();
        List<Node> items = match.sequence("protocols");
        for (int i = 0; i < items.size(); i++) {
            String itemPath = match.pathOf("protocols") + "[" + i + "]";
            String protocol = match.scalarText(items.get(i), itemPath);
            if (!PolicyRuleReader.PROTOCOLS.contains(protocol)) {
                throw YamlMapping.error(match.source(), items.get(i), itemPath, "unknown protocol \"" + protocol
                        + "\" (known: " + PolicyRuleReader.PROTOCOLS.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            protocols.add(protocol);
        }
        return protocols;
    }

    private static <E extends Enum<E>> Set<E> enums(YamlMapping match, String key, Class<E> type, String what)
            throws ConfigException {
        Set<E> result = EnumSet.noneOf(type);
        List<Node> items = match.sequence(key);
        for (int i = 0; i < items.size(); i++) {
            result.add(enumValue(match.source(), items.get(i), match.pathOf(key) + "[" + i + "]", type, what));
        }
        return result;
    }

    /** An enum constant written in any letter case; an unknown one is named together with the known ones. */
    static <E extends Enum<E>> E enumValue(String source, Node node, String path, Class<E> type, String what)
            throws ConfigException {
        if (!(node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar) || YamlMapping.isNull(node)) {
            throw YamlMapping.error(source, node, path, "expected a " + what + ", got " + YamlMapping.describe(node));
        }
        String text = scalar.getValue();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        String known = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .map(name -> type == dev.sluice.policy.RecordingLevel.class ? name.toLowerCase(Locale.ROOT) : name)
                .collect(Collectors.joining(", "));
        throw YamlMapping.error(source, node, path, "unknown " + what + " \"" + text + "\" (known: " + known + ")");
    }

    private static Optional<Boolean> optionalBool(YamlMapping match, String key) throws ConfigException {
        return match.has(key) ? Optional.of(match.bool(key, false)) : Optional.empty();
    }

    private static Set<String> set(YamlMapping match, String key) throws ConfigException {
        return new LinkedHashSet<>(match.stringList(key, List.of()));
    }

    private static Set<String> upper(YamlMapping match, String key) throws ConfigException {
        return match.stringList(key, List.of()).stream().map(s -> s.toUpperCase(Locale.ROOT))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static void addIfAny(YamlMapping match, List<String> families, String family, List<String> keys) {
        for (String key : keys) {
            if (match.has(key)) {
                families.add(family);
                return;
            }
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
