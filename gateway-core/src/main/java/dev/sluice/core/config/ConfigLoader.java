package dev.sluice.core.config;

import dev.sluice.core.audit.RecordingFailurePolicy;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code sluice.yaml} into a validated {@link SluiceConfig}. SnakeYAML only composes the node graph (no
 * object construction, so no YAML tags can instantiate anything); this class walks the nodes itself so that
 * every error names file, line and column. Relative paths resolve against the file's directory.
 */
public final class ConfigLoader {
    /** Larger than any sensible gateway configuration; bounds memory spent on a hostile file. */
    public static final int MAX_CODE_POINTS = 1024 * 1024;
    /** Aliases may name a shared list or mapping a few times; a "billion laughs" document needs many more. */
    public static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    public static final int MAX_NESTING_DEPTH = 30;
    public static final String DEFAULT_DATA_DIRECTORY = "data";
    public static final boolean DEFAULT_ADMIN_ENABLED = true;

    private static final List<String> TOP_LEVEL_KEYS = List.of("data_directory", "admin", "listeners", "identity", "connections", "policies", "audit",
            "access");
    private static final List<String> AUDIT_KEYS = List.of("auditor_group", "retention_days", "on_failure", "queue_capacity",
            "fsync_interval");
    private static final List<String> ADMIN_KEYS = List.of("enabled", "bind");
    private static final List<String> LISTENER_KEYS = List.of("name", "protocol", "bind", "tls", "allow_plaintext");
    private static final List<String> LISTENER_TLS_KEYS = List.of("certificate", "private_key");
    private static final List<String> POLICIES_KEYS = List.of("directory", "reload_interval");

    private ConfigLoader() {}

    /** Loads a configuration file; relative paths in it resolve against its directory. */
    public static SluiceConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return read(text, file.toString(), absolute.getParent(), absolute);
    }

    /**
     * Parses configuration text, for tests and embedding. {@code sourceName} appears in error messages;
     * {@code baseDirectory} is where relative paths resolve. The result's {@code source} is {@code null}.
     */
    public static SluiceConfig parse(String yaml, String sourceName, Path baseDirectory) throws ConfigException {
        return read(yaml, sourceName, baseDirectory.toAbsolutePath().normalize(), null);
    }

    private static SluiceConfig read(String text, String sourceName, Path base, Path sourceFile) throws ConfigException {
        Node root = compose(text, sourceName);
        if (YamlMapping.isNull(root)) {
            throw new ConfigException(sourceName + ": the configuration is empty");
        }
        YamlMapping top = YamlMapping.open(sourceName, root, "", TOP_LEVEL_KEYS);
        Path dataDirectory = top.path("data_directory", base);
        if (dataDirectory == null) {
            dataDirectory = base.resolve(DEFAULT_DATA_DIRECTORY);
        }
        AdminConfig admin = admin(top);
        List<ListenerConfig> listeners = listeners(top, base);
        checkBindsDistinct(top, admin, listeners);
        if (!top.has("identity")) {
            throw top.error("missing required key \"identity\" (without a token issuer nobody could ever connect)");
        }
        IdentityConfig identity = IdentitySection.read(top, "identity");
        List<ConnectionConfig> connections = ConnectionSection.read(top, "connections", base);
        return new SluiceConfig(sourceFile, dataDirectory, admin, listeners, identity, connections, policies(top, base),
                audit(top), AccessSection.read(top, "access", base));
    }

    /** The directory must exist now; its files are read and checked by the policy store when Sluice starts. */
    private static PolicyConfig policies(YamlMapping top, Path base) throws ConfigException {
        YamlMapping policies = top.mapping("policies", POLICIES_KEYS);
        if (policies == null) {
            return PolicyConfig.NONE;
        }
        Path directory = policies.path("directory", base);
        if (directory == null) {
            throw policies.error("missing required key \"directory\"");
        }
        if (!Files.isDirectory(directory)) {
            throw policies.error("directory", "directory " + directory + " does not exist");
        }
        Duration interval = policies.duration("reload_interval", PolicyConfig.DEFAULT_RELOAD_INTERVAL);
        if (interval.isZero()) {
            throw policies.error("reload_interval", "must be above zero");
        }
        return new PolicyConfig(Optional.of(directory), interval);
    }

    private static AuditConfig audit(YamlMapping top) throws ConfigException {
        YamlMapping audit = top.mapping("audit", AUDIT_KEYS);
        if (audit == null) {
            return AuditConfig.DEFAULTS;
        }
        String onFailure = audit.string("on_failure", "continue");
        RecordingFailurePolicy policy = switch (onFailure) {
            case "refuse" -> RecordingFailurePolicy.REFUSE;
            case "continue" -> RecordingFailurePolicy.CONTINUE_AND_FLAG;
            default -> throw audit.error("on_failure", "expected refuse or continue, got \"" + onFailure + "\"");
        };
        Duration fsync = audit.duration("fsync_interval", AuditConfig.DEFAULT_FSYNC_INTERVAL);
        if (fsync.isZero() || fsync.compareTo(Duration.ofSeconds(10)) > 0) {
            throw audit.error("fsync_interval", "must be above zero and at most 10s");
        }
        return new AuditConfig(audit.string("auditor_group", AuditConfig.DEFAULT_AUDITOR_GROUP),
                audit.integer("retention_days", AuditConfig.DEFAULT_RETENTION_DAYS, 1, 36_500), policy,
                audit.integer("queue_capacity", AuditConfig.DEFAULT_QUEUE_CAPACITY, 100, 10_000_000), fsync);
    }

    static Node compose(String text, String sourceName) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader reader = new StringReader(text)) {
            return yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw ConfigException.at(sourceName, e.getProblemMark(), "", "invalid YAML: " + problem + context);
        } catch (YAMLException e) {
            throw new ConfigException(sourceName + ": invalid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(sourceName + ": cannot read the configuration", e);
        }
    }

    private static AdminConfig admin(YamlMapping top) throws ConfigException {
        YamlMapping admin = top.mapping("admin", ADMIN_KEYS);
        if (admin == null) {
            return new AdminConfig(DEFAULT_ADMIN_ENABLED, AdminConfig.DEFAULT_BIND);
        }
        return new AdminConfig(admin.bool("enabled", DEFAULT_ADMIN_ENABLED), admin.hostPort("bind", AdminConfig.DEFAULT_BIND));
    }

    private static List<ListenerConfig> listeners(YamlMapping top, Path base) throws ConfigException {
        List<Node> items = top.sequence("listeners");
        if (items.isEmpty()) {
            throw top.error("listeners", "at least one listener is required");
        }
        List<ListenerConfig> result = new ArrayList<>();
        Map<String, ListenerConfig> byName = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping item = YamlMapping.open(top.source(), items.get(i), "listeners[" + i + "]", LISTENER_KEYS);
            String name = ConfigChecks.name(item, "name");
            if (byName.containsKey(name)) {
                throw item.error("name", "listener name \"" + name + "\" is used twice");
            }
            ListenerConfig listener = new ListenerConfig(
                    name,
                    ConfigChecks.protocol(item),
                    item.hostPort("bind", null),
                    listenerTls(item, base),
                    item.bool("allow_plaintext", ListenerConfig.DEFAULT_ALLOW_PLAINTEXT));
            byName.put(name, listener);
            result.add(listener);
        }
        return result;
    }

    private static ListenerTlsConfig listenerTls(YamlMapping listener, Path base) throws ConfigException {
        YamlMapping tls = listener.mapping("tls", LISTENER_TLS_KEYS);
        if (tls == null) {
            return ListenerTlsConfig.SELF_SIGNED;
        }
        Path certificate = tls.path("certificate", base);
        Path privateKey = tls.path("private_key", base);
        if (certificate == null && privateKey == null) {
            return ListenerTlsConfig.SELF_SIGNED;
        }
        if (certificate == null || privateKey == null) {
            throw tls.error("give both certificate and private_key, or neither for a generated self-signed certificate");
        }
        ConfigChecks.checkReadableFile(tls, "certificate", certificate);
        ConfigChecks.checkReadableFile(tls, "private_key", privateKey);
        return new ListenerTlsConfig(certificate, privateKey);
    }

    /** Two sockets cannot bind the same address; say so here rather than at start with a bare BindException. */
    private static void checkBindsDistinct(YamlMapping top, AdminConfig admin, List<ListenerConfig> listeners)
            throws ConfigException {
        Map<String, String> seen = new HashMap<>();
        if (admin.enabled() && admin.bind().port() != 0) {
            seen.put(admin.bind().toString(), "admin");
        }
        for (int i = 0; i < listeners.size(); i++) {
            HostPort bind = listeners.get(i).bind();
            if (bind.port() == 0) {
                continue;
            }
            String previous = seen.putIfAbsent(bind.toString(), "listener \"" + listeners.get(i).name() + "\"");
            if (previous != null) {
                YamlMapping item = YamlMapping.open(top.source(), top.sequence("listeners").get(i), "listeners[" + i + "]", LISTENER_KEYS);
                throw item.error("bind", bind + " is already used by " + previous);
            }
        }
    }
}
