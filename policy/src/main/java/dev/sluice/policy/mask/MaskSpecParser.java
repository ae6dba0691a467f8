package dev.sluice.policy.mask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the policy's {@code mask:} entries from the plain lists and maps SnakeYAML produces. Every error
 * names its place, e.g. {@code mask[2].masker: unknown masker "foo" (known: ...)}. Format: docs/masking.md.
 */
final class MaskSpecParser {

    static final List<String> MASKERS = List.of("redact", "partial", "hash", "email", "null");
    private static final Set<String> RULE_KEYS =
            Set.of("name", "columns", "table_columns", "detectors", "detector", "masker", "scope");

    private final byte[] hashKey;
    private final Map<String, RegexDetector> customDetectors = new HashMap<>();

    MaskSpecParser(byte[] hashKey) {
        this.hashKey = hashKey;
    }

    List<MaskRule> parse(Object spec) {
        if (spec == null) {
            return List.of();
        }
        if (!(spec instanceof List<?> entries)) {
            throw error("mask", "expected a list of rules, was " + kind(spec));
        }
        List<MaskRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            rules.add(rule("mask[" + i + "]", entries.get(i)));
        }
        return rules;
    }

    private MaskRule rule(String path, Object entry) {
        if (!(entry instanceof Map<?, ?> map)) {
            throw error(path, "expected a map, was " + kind(entry));
        }
        for (Object key : map.keySet()) {
            if (!RULE_KEYS.contains(String.valueOf(key))) {
                throw error(path, "unknown key \"" + key + "\" (known: " + String.join(", ", sorted(RULE_KEYS)) + ")");
            }
        }
        String name = map.containsKey("name") ? string(path + ".name", map.get("name")) : path;
        List<String> globs = strings(path + ".columns", map.get("columns"));
        List<ColumnSelector.TableColumn> tableColumns = new ArrayList<>();
        List<String> qualified = strings(path + ".table_columns", map.get("table_columns"));
        for (int i = 0; i < qualified.size(); i++) {
            try {
                tableColumns.add(ColumnSelector.TableColumn.parse(qualified.get(i)));
            } catch (IllegalArgumentException e) {
                throw error(path + ".table_columns[" + i + "]", e.getMessage());
            }
        }
        List<Detector> detectors = new ArrayList<>();
        if (map.containsKey("detectors") && map.containsKey("detector")) {
            throw error(path, "give either detector or detectors, not both");
        }
        if (map.containsKey("detector")) {
            detectors.add(detector(path + ".detector", map.get("detector")));
        } else if (map.containsKey("detectors")) {
            Object list = map.get("detectors");
            if (!(list instanceof List<?> items) || items.isEmpty()) {
                throw error(path + ".detectors", "expected a non-empty list, was " + kind(list));
            }
            for (int i = 0; i < items.size(); i++) {
                detectors.add(detector(path + ".detectors[" + i + "]", items.get(i)));
            }
        }
        if (!map.containsKey("masker")) {
            throw error(path + ".masker", "missing (known: " + String.join(", ", MASKERS) + ")");
        }
        Masker masker = masker(path + ".masker", map.get("masker"));
        MaskRule.Scope scope = scope(path + ".scope", map.get("scope"), !detectors.isEmpty());
        ColumnSelector selector = new ColumnSelector(globs, tableColumns);
        if (detectors.isEmpty() && selector.coversAll()) {
            throw error(path, "selects nothing: give columns, table_columns or detectors");
        }
        return new MaskRule(name, selector, detectors, masker, scope);
    }

    private Detector detector(String path, Object spec) {
        if (spec instanceof String name) {
            return builtIn(path, name);
        }
        if (!(spec instanceof Map<?, ?> map)) {
            throw error(path, "expected a detector name or {name, regex}, was " + kind(spec));
        }
        for (Object key : map.keySet()) {
            if (!Set.of("name", "regex", "case_insensitive").contains(String.valueOf(key))) {
                throw error(path, "unknown key \"" + key + "\" (known: case_insensitive, name, regex)");
            }
        }
        String name = string(path + ".name", map.get("name"));
        if (!map.containsKey("regex")) {
            return builtIn(path + ".name", name);
        }
        if (Detectors.builtIn(name).isPresent()) {
            throw error(path + ".name", "\"" + name + "\" is a built-in detector; choose another name");
        }
        String regex = string(path + ".regex", map.get("regex"));
        boolean caseInsensitive = bool(path + ".case_insensitive", map.get("case_insensitive"), false);
        RegexDetector detector;
        try {
            detector = RegexDetector.compile(name, regex, caseInsensitive);
        } catch (IllegalArgumentException e) {
            throw error(path + ".regex", e.getMessage());
        }
        RegexDetector earlier = customDetectors.putIfAbsent(name, detector);
        if (earlier != null && !earlier.pattern().equals(regex)) {
            throw error(path + ".name", "detector \"" + name + "\" is already defined with another regex");
        }
        return earlier != null ? earlier : detector;
    }

    private Detector builtIn(String path, String name) {
        Detector custom = customDetectors.get(name);
        if (custom != null) {
            return custom;
        }
        return Detectors.builtIn(name).orElseThrow(() -> error(path,
                "unknown detector \"" + name + "\" (known: " + String.join(", ", Detectors.names()) + ")"));
    }

    private Masker masker(String path, Object spec) {
        try {
            return maskerOf(path, spec);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(path)) {
                throw e;
            }
            throw error(path, e.getMessage());
        }
    }

    private Masker maskerOf(String path, Object spec) {
        if (spec == null) {
            return NullMasker.INSTANCE;
        }
        String kind;
        Map<?, ?> options;
        if (spec instanceof String s) {
            kind = s;
            options = Map.of();
        } else if (spec instanceof Map<?, ?> map && map.size() == 1) {
            kind = String.valueOf(map.keySet().iterator().next());
            Object value = map.values().iterator().next();
            if (value != null && !(value instanceof Map<?, ?>)) {
                throw error(path + "." + kind, "expected a map of options, was " + kind(value));
            }
            options = value == null ? Map.of() : (Map<?, ?>) value;
        } else {
            throw error(path, "expected a masker name or {name: {options}}, was " + kind(spec));
        }
        String at = path + "." + kind;
        switch (kind) {
            case "redact": {
                allowOnly(at, options, "replacement", "keep_length", "mask_char");
                String replacement = options.containsKey("replacement")
                        ? string(at + ".replacement", options.get("replacement")) : RedactMasker.DEFAULT_REPLACEMENT;
                return new RedactMasker(replacement, bool(at + ".keep_length", options.get("keep_length"), false),
                        maskChar(at + ".mask_char", options.get("mask_char")));
            }
            case "partial": {
                allowOnly(at, options, "keep_first", "keep_last", "mask_char");
                int first = integer(at + ".keep_first", options.get("keep_first"), 0);
                int last = integer(at + ".keep_last", options.get("keep_last"), 4);
                return new PartialMasker(first, last, maskChar(at + ".mask_char", options.get("mask_char")));
            }
            case "hash": {
                allowOnly(at, options, "length");
                return new HashMasker(requireKey(at), integer(at + ".length", options.get("length"),
                        HashMasker.DEFAULT_LENGTH));
            }
            case "email": {
                allowOnly(at, options, "keep_first", "local");
                String local = options.containsKey("local") ? string(at + ".local", options.get("local")) : "keep_first";
                if (local.equals("hash")) {
                    return EmailMasker.hashingLocalPart(requireKey(at), HashMasker.DEFAULT_LENGTH);
                }
                if (!local.equals("keep_first")) {
                    throw error(at + ".local", "expected keep_first or hash, was \"" + local + "\"");
                }
                return EmailMasker.keepingFirst(integer(at + ".keep_first", options.get("keep_first"),
                        EmailMasker.DEFAULT_KEEP_FIRST));
            }
            case "null":
                allowOnly(at, options);
                return NullMasker.INSTANCE;
            default:
                throw error(path, "unknown masker \"" + kind + "\" (known: " + String.join(", ", MASKERS) + ")");
        }
    }

    private byte[] requireKey(String path) {
        if (hashKey == null) {
            throw error(path, "needs the gateway's masking hash key, and none is configured");
        }
        if (hashKey.length < HashMasker.MIN_KEY_BYTES) {
            throw error(path, "the masking hash key must be at least " + HashMasker.MIN_KEY_BYTES + " bytes");
        }
        return hashKey;
    }

    private static MaskRule.Scope scope(String path, Object value, boolean hasDetectors) {
        if (value == null) {
            return hasDetectors ? MaskRule.Scope.SPANS : MaskRule.Scope.VALUE;
        }
        if (!hasDetectors) {
            throw error(path, "only applies to rules with detectors");
        }
        String s = string(path, value).toLowerCase(Locale.ROOT);
        if (s.equals("spans")) {
            return MaskRule.Scope.SPANS;
        }
        if (s.equals("value")) {
            return MaskRule.Scope.VALUE;
        }
        throw error(path, "expected spans or value, was \"" + value + "\"");
    }

    private static void allowOnly(String path, Map<?, ?> options, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Object key : options.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw error(path, "unknown option \"" + key + "\""
                        + (keys.length == 0 ? " (takes none)" : " (known: " + String.join(", ", sorted(allowed)) + ")"));
            }
        }
    }

    private static List<String> strings(String path, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(nonEmpty(path, s));
        }
        if (!(value instanceof List<?> items)) {
            throw error(path, "expected a list of strings, was " + kind(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(string(path + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    private static String string(String path, Object value) {
        if (!(value instanceof String s)) {
            throw error(path, "expected a string, was " + kind(value));
        }
        return nonEmpty(path, s);
    }

    private static String nonEmpty(String path, String s) {
        if (s.isEmpty()) {
            throw error(path, "must not be empty");
        }
        return s;
    }

    private static boolean bool(String path, Object value, boolean absent) {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean b)) {
            throw error(path, "expected true or false, was " + kind(value));
        }
        return b;
    }

    private static int integer(String path, Object value, int absent) {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Integer i) || i < 0) {
            throw error(path, "expected a non-negative integer, was " + kind(value));
        }
        return i;
    }

    private static char maskChar(String path, Object value) {
        if (value == null) {
            return RedactMasker.DEFAULT_MASK_CHAR;
        }
        String s = string(path, value);
        if (s.length() != 1) {
            throw error(path, "expected one character, was \"" + s + "\"");
        }
        return s.charAt(0);
    }

    private static String kind(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a map";
        }
        return value.toString();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static IllegalArgumentException error(String path, String message) {
        return new IllegalArgumentException(path + ": " + message);
    }
}
