package dev.sluice.server;

import dev.sluice.core.audit.AuditPaths;
import dev.sluice.core.config.Durations;
import dev.sluice.core.config.SluiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the audit commands find recordings: {@code --data-dir}, or the data directory a configuration names. */
final class AuditDataOptions {
    @Option(names = "--data-dir", defaultValue = DemoCommand.DEFAULT_DATA_DIRECTORY,
            description = "Data directory holding recordings/ and audit/ (default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = {"-c", "--config"}, description = "Configuration file whose data directory to use (instead of --data-dir).")
    Path config;

    /** The audit paths, or empty after telling the user on stderr what is wrong. */
    Optional<AuditPaths> paths() {
        Path directory = dataDirectory;
        if (config != null) {
            Optional<SluiceConfig> loaded = Configs.load(config);
            if (loaded.isEmpty()) {
                return Optional.empty();
            }
            directory = loaded.get().dataDirectory();
        }
        if (!Files.isDirectory(directory.resolve("recordings"))) {
            System.err.println("sluice: no recordings in " + directory.toAbsolutePath()
                    + " (expected " + directory.resolve("recordings") + ")");
            return Optional.empty();
        }
        return Optional.of(new AuditPaths(directory));
    }

    /**
     * A point in time as a user types it: an instant ({@code 2026-11-20T09:00:00Z}), a UTC date
     * ({@code 2026-11-20}) or an age ({@code 7d}, {@code 12h}: that long ago).
     */
    static Instant parseTime(String text, Clock clock) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                try {
                    return clock.instant().minus(Durations.parse(text));
                } catch (IllegalArgumentException notAnAge) {
                    throw new IllegalArgumentException("\"" + text + "\" is not an instant (2026-11-20T09:00:00Z), a date "
                            + "(2026-11-20) or an age (7d, 12h)");
                }
            }
        }
    }
}
