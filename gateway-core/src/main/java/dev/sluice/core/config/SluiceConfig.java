package dev.sluice.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole gateway configuration, immutable and validated when loaded.
 *
 * @param source the file it was loaded from, or {@code null} when built in code (the demo, tests)
 */
public record SluiceConfig(
        Path source,
        Path dataDirectory,
        AdminConfig admin,
        List<ListenerConfig> listeners,
        IdentityConfig identity,
        List<ConnectionConfig> connections) {

    public SluiceConfig {
        listeners = List.copyOf(listeners);
        connections = List.copyOf(connections);
    }

    public Optional<ConnectionConfig> connection(String name) {
        return connections.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
