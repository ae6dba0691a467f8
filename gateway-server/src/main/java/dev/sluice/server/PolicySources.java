package dev.sluice.server;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.config.PolicyFileLoader;
import dev.sluice.core.config.PolicySet;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.policy.PolicyEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * The policies a {@code sluice policy} command works on: the files named, else the configuration's policy
 * directory, else {@code fallback}; and the engine they make, with the configuration's connections when given.
 */
record PolicySources(SluiceConfig config, PolicySet policies) {

    static PolicySources load(Path configFile, List<Path> paths, Path fallback) throws ConfigException {
        SluiceConfig config = configFile == null ? null : ConfigLoader.load(configFile);
        List<Path> sources = paths;
        if (sources.isEmpty() && config != null && config.policies().directory().isPresent()) {
            sources = List.of(config.policies().directory().get());
        }
        if (sources.isEmpty() && fallback != null) {
            sources = List.of(fallback);
        }
        if (sources.isEmpty()) {
            throw new ConfigException("no policies given: name policy files or directories, or --config with a policies directory");
        }
        return new PolicySources(config, PolicyFileLoader.loadAll(sources));
    }

    /** Without a configuration every connection name is taken as known and no allow list applies. */
    PolicyEngine engine() {
        return config == null ? PolicyEngine.rulesOnly(policies.rules()) : PolicyEngine.of(policies.rules(), config.allowLists());
    }
}
