package dev.sluice.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the policy files are and how often to look for changes.
 *
 * @param directory the directory of {@code *.yaml} policy files; empty when only the connections' {@code allow}
 *                  lists apply
 */
public record PolicyConfig(Optional<Path> directory, Duration reloadInterval) {
    /** Often enough that an edit applies within seconds; reading a few small files costs nothing. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);
    public static final PolicyConfig NONE = new PolicyConfig(Optional.empty(), DEFAULT_RELOAD_INTERVAL);

    public PolicyConfig {
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("the reload interval must be above zero");
        }
    }

    public static PolicyConfig directory(Path directory) {
        return new PolicyConfig(Optional.of(directory), DEFAULT_RELOAD_INTERVAL);
    }
}
