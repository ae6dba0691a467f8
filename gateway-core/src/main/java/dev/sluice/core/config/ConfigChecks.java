package dev.sluice.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks shared by the configuration sections. */
final class ConfigChecks {
    /**
     * Names appear in metrics, logs and (for connections) as the database a client asks for; 63 characters is
     * Postgres' identifier limit.
     */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private ConfigChecks() {}

    static String name(YamlMapping item, String key) throws ConfigException {
        String name = item.requiredString(key);
        if (!NAME.matcher(name).matches()) {
            throw item.error(key, "\"" + name + "\" is not a valid name"
                    + " (letters, digits, '_', '-', '.', starting with a letter or digit, at most 63 characters)");
        }
        return name;
    }

    static Protocol protocol(YamlMapping item) throws ConfigException {
        String text = item.requiredString("protocol");
        for (Protocol protocol : Protocol.values()) {
            if (protocol.yamlName().equals(text)) {
                return protocol;
            }
        }
        throw item.error("protocol", "unsupported protocol \"" + text + "\" (supported: postgres)");
    }

    static void checkReadableFile(YamlMapping item, String key, Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw item.error(key, "file " + file + " does not exist");
        }
        if (!Files.isReadable(file)) {
            throw item.error(key, "file " + file + " is not readable");
        }
    }
}
