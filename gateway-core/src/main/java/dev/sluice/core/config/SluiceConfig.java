package dev.sluice.core.config;

import dev.sluice.policy.AccessList;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole gateway configuration, immutable and validated when loaded.
 *
 * @param source the file it was loaded from, or {@code null} when built in code (the demo, tests)
 * @param policies where the policy files are ({@link PolicyConfig#NONE}: only the connections' allow lists)
 * @param audit how sessions are recorded and kept
 */
public record SluiceConfig(
        Path source,
        Path dataDirectory,
        AdminConfig admin,
        List<ListenerConfig> listeners,
        IdentityConfig identity,
        List<ConnectionConfig> connections,
        PolicyConfig policies,
        AuditConfig audit,
        AccessConfig access) {

    public SluiceConfig {
        listeners = List.copyOf(listeners);
        connections = List.copyOf(connections);
    }

    /** A configuration with the default just-in-time access settings. */
    public SluiceConfig(Path source, Path dataDirectory, AdminConfig admin, List<ListenerConfig> listeners,
                        IdentityConfig identity, List<ConnectionConfig> connections, PolicyConfig policies, AuditConfig audit) {
        this(source, dataDirectory, admin, listeners, identity, connections, policies, audit, AccessConfig.DEFAULTS);
    }

    /** A configuration with the default recording settings. */
    public SluiceConfig(Path source, Path dataDirectory, AdminConfig admin, List<ListenerConfig> listeners,
                        IdentityConfig identity, List<ConnectionConfig> connections, PolicyConfig policies) {
        this(source, dataDirectory, admin, listeners, identity, connections, policies, AuditConfig.DEFAULTS);
    }

    /** A configuration without policy files: each connection's {@code allow} list decides who may use it. */
    public SluiceConfig(Path source, Path dataDirectory, AdminConfig admin, List<ListenerConfig> listeners,
                        IdentityConfig identity, List<ConnectionConfig> connections) {
        this(source, dataDirectory, admin, listeners, identity, connections, PolicyConfig.NONE);
    }

    /** Each connection's {@code allow} list by connection name, in file order. */
    public Map<String, AccessList> allowLists() {
        Map<String, AccessList> lists = new LinkedHashMap<>();
        connections.forEach(c -> lists.put(c.name(), c.allow()));
        return lists;
    }

    public Optional<ConnectionConfig> connection(String name) {
        return connections.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
