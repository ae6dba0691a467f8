package dev.sluice.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the configuration, read key by key from SnakeYAML's node graph so that every error can
 * name the line and column of the offending value and its path ({@code connections[1].backend.tls}). Unknown
 * and duplicate keys are refused when the mapping is opened.
 */
final class YamlMapping {
    private final String source;
    private final MappingNode node;
    private final String path;
    private final Map<String, Node> values = new LinkedHashMap<>();

    private YamlMapping(String source, MappingNode node, String path) {
        this.source = source;
        this.node = node;
        this.path = path;
    }

    static YamlMapping open(String source, Node node, String path, List<String> allowedKeys) throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(source, node, path, "expected a mapping of " + String.join(", ", allowedKeys) + ", got " + describe(node));
        }
        checkTag(source, mapping, path);
        YamlMapping result = new YamlMapping(source, mapping, path);
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey) || scalarKey.getTag().equals(Tag.NULL)) {
                throw error(source, keyNode, path, "expected a plain key, got " + describe(keyNode));
            }
            String key = scalarKey.getValue();
            if (!allowedKeys.contains(key)) {
                throw error(source, keyNode, path,
                        "unknown key \"" + key + "\" (allowed: " + String.join(", ", allowedKeys) + ")");
            }
            if (result.values.containsKey(key)) {
                throw error(source, keyNode, path, "duplicate key \"" + key + "\"");
            }
            result.values.put(key, tuple.getValueNode());
        }
        return result;
    }

    static ConfigException error(String source, Node node, String path, String problem) {
        return ConfigException.at(source, node == null ? null : node.getStartMark(), path, problem);
    }

    String source() {
        return source;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node, or {@code null} when the key is absent or its value is YAML null ({@code key:} or {@code ~}). */
    Node node(String key) {
        Node value = values.get(key);
        return isNull(value) ? null : value;
    }

    boolean has(String key) {
        return node(key) != null;
    }

    /** An error pointing at the key's value, or at this mapping when the key is absent. */
    ConfigException error(String key, String problem) {
        Node value = values.get(key);
        return error(source, value != null ? value : node, pathOf(key), problem);
    }

    ConfigException error(String problem) {
        return error(source, node, path, problem);
    }

    Node required(String key) throws ConfigException {
        Node value = node(key);
        if (value == null) {
            throw error(source, node, path, "missing required key \"" + key + "\"");
        }
        return value;
    }

    String requiredString(String key) throws ConfigException {
        return scalarText(required(key), pathOf(key));
    }

    String string(String key, String defaultValue) throws ConfigException {
        Node value = node(key);
        return value == null ? defaultValue : scalarText(value, pathOf(key));
    }

    boolean bool(String key, boolean defaultValue) throws ConfigException {
        Node value = node(key);
        if (value == null) {
            return defaultValue;
        }
        String text = scalarText(value, pathOf(key)).toLowerCase(Locale.ROOT);
        if (!(value instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)
                || !(text.equals("true") || text.equals("false"))) {
            throw error(key, "expected true or false, got \"" + ((ScalarNode) value).getValue() + "\"");
        }
        return text.equals("true");
    }

    int integer(String key, int defaultValue, int min, int max) throws ConfigException {
        Node value = node(key);
        if (value == null) {
            return defaultValue;
        }
        String text = scalarText(value, pathOf(key));
        try {
            int parsed = Integer.parseInt(text);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(key, "expected a whole number from " + min + " to " + max + ", got \"" + text + "\"");
    }

    Duration duration(String key, Duration defaultValue) throws ConfigException {
        Node value = node(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(scalarText(value, pathOf(key)));
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    HostPort hostPort(String key, HostPort defaultValue) throws ConfigException {
        Node value = defaultValue == null ? required(key) : node(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return HostPort.parse(scalarText(value, pathOf(key)));
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    /** A path resolved against {@code base} (the config file's directory), or {@code null} when absent. */
    Path path(String key, Path base) throws ConfigException {
        Node value = node(key);
        if (value == null) {
            return null;
        }
        String text = scalarText(value, pathOf(key));
        try {
            return base.resolve(text).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw error(key, "\"" + text + "\" is not a valid path");
        }
    }

    YamlMapping mapping(String key, List<String> allowedKeys) throws ConfigException {
        Node value = node(key);
        return value == null ? null : open(source, value, pathOf(key), allowedKeys);
    }

    /** The items of a sequence, empty when absent. */
    List<Node> sequence(String key) throws ConfigException {
        Node value = node(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw error(key, "expected a list, got " + describe(value));
        }
        checkTag(source, sequence, pathOf(key));
        return sequence.getValue();
    }

    /** A list of non-empty strings; a single string is not accepted for a list, to keep typos visible. */
    List<String> stringList(String key, List<String> defaultValue) throws ConfigException {
        if (node(key) == null) {
            return defaultValue;
        }
        List<Node> items = sequence(key);
        List<String> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(scalarText(items.get(i), pathOf(key) + "[" + i + "]"));
        }
        return result;
    }

    /** The text of a non-empty scalar. Numbers and booleans are accepted as their text. */
    String scalarText(Node value, String valuePath) throws ConfigException {
        if (!(value instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            throw error(source, value, valuePath, "expected a value, got " + describe(value));
        }
        checkTag(source, scalar, valuePath);
        if (scalar.getValue().isBlank()) {
            throw error(source, value, valuePath, "expected a value, got an empty string");
        }
        return scalar.getValue();
    }

    /** Only YAML's own types: an application tag ({@code !foo}, {@code !!python/object}) means nothing here. */
    private static void checkTag(String source, Node value, String valuePath) throws ConfigException {
        if (!value.getTag().getValue().startsWith(Tag.PREFIX)) {
            throw error(source, value, valuePath, "YAML tags such as " + value.getTag().getValue() + " are not supported");
        }
    }

    static boolean isNull(Node value) {
        return value == null || (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL));
    }

    static String describe(Node value) {
        if (isNull(value)) {
            return "nothing";
        }
        if (value instanceof MappingNode) {
            return "a mapping";
        }
        if (value instanceof SequenceNode) {
            return "a list";
        }
        return "\"" + ((ScalarNode) value).getValue() + "\"";
    }
}
