package dev.sluice.server;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.config.SluiceConfig;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a configuration file for a command, telling the user on stderr what is wrong with it. */
final class Configs {
    /** The exit code of a command given an invalid configuration. */
    static final int INVALID = 2;

    private Configs() {}

    static Optional<SluiceConfig> load(Path file) {
        try {
            return Optional.of(ConfigLoader.load(file));
        } catch (ConfigException e) {
            System.err.println("sluice: invalid configuration: " + e.getMessage());
            return Optional.empty();
        }
    }
}
