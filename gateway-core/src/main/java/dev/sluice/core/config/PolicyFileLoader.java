package dev.sluice.core.config;

import dev.sluice.policy.PolicyRule;
import dev.sluice.policy.PolicyTestCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads policy files ({@code rules:} and {@code cases:}) with the same YAML rules and {@code file:line:column}
 * errors as the main configuration. Everything is validated: unknown keys, kinds and effects, conflicting actions,
 * rule names used twice across files.
 */
public final class PolicyFileLoader {
    static final List<String> FILE_KEYS = List.of("rules", "cases");

    private PolicyFileLoader() {}

    /** Parses one file's text; {@code sourceName} appears in error messages and rule origins. */
    public static PolicyFile parse(String yaml, String sourceName) throws ConfigException {
        Node root = ConfigLoader.compose(yaml, sourceName);
        if (YamlMapping.isNull(root)) {
            return new PolicyFile(sourceName, List.of(), List.of());
        }
        YamlMapping top = YamlMapping.open(sourceName, root, "", FILE_KEYS);
        List<PolicyRule> rules = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        List<Node> ruleNodes = top.sequence("rules");
        for (int i = 0; i < ruleNodes.size(); i++) {
            PolicyRule rule = PolicyRuleReader.read(sourceName, ruleNodes.get(i), "rules[" + i + "]");
            checkUnique(names, rule, i);
            rules.add(rule);
        }
        List<PolicyTestCase> cases = new ArrayList<>();
        List<Node> caseNodes = top.sequence("cases");
        for (int i = 0; i < caseNodes.size(); i++) {
            cases.add(PolicyCaseReader.read(sourceName, caseNodes.get(i), "cases[" + i + "]"));
        }
        return new PolicyFile(sourceName, rules, cases);
    }

    public static PolicyFile load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the policy file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return parse(text, file.toString());
    }

    /** The policy files of a directory: its {@code *.yaml} and {@code *.yml} files, by name. */
    public static List<Path> filesIn(Path directory) throws ConfigException {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(directory + ": the policy directory does not exist");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(directory + ": cannot list the policy directory (" + e.getMessage() + ")", e);
        }
    }

    /** Loads files and directories (their policy files) together, refusing a rule name used twice. */
    public static PolicySet loadAll(List<Path> filesOrDirectories) throws ConfigException {
        List<Path> files = new ArrayList<>();
        for (Path path : filesOrDirectories) {
            files.addAll(Files.isDirectory(path) ? filesIn(path) : List.of(path));
        }
        List<PolicyFile> loaded = new ArrayList<>();
        for (Path file : files) {
            loaded.add(load(file));
        }
        return combine(loaded);
    }

    /** Checks that rule names are unique across {@code files}. */
    public static PolicySet combine(List<PolicyFile> files) throws ConfigException {
        Map<String, String> names = new HashMap<>();
        for (PolicyFile file : files) {
            for (int i = 0; i < file.rules().size(); i++) {
                checkUnique(names, file.rules().get(i), i);
            }
        }
        return new PolicySet(files);
    }

    private static void checkUnique(Map<String, String> names, PolicyRule rule, int index) throws ConfigException {
        String previous = names.putIfAbsent(rule.name(), rule.origin());
        if (previous != null) {
            throw new ConfigException(rule.origin() + ": rules[" + index + "].name: rule name \"" + rule.name()
                    + "\" is already used at " + previous);
        }
    }
}
