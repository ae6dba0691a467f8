package dev.sluice.core.config;

import org.yaml.snakeyaml.error.Mark;

/**
 * The configuration cannot be used. The message names the file, line and column (1-based), the key path and what
 * is wrong, e.g. {@code sluice.yaml:7:11: listeners[0].bind: expected host:port, got "abc" (the port is missing)}.
 * It never contains a secret value.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    static ConfigException at(String source, Mark mark, String path, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (mark != null) {
            message.append(':').append(mark.getLine() + 1).append(':').append(mark.getColumn() + 1);
        }
        message.append(": ");
        if (path != null && !path.isEmpty()) {
            message.append(path).append(": ");
        }
        return new ConfigException(message.append(problem).toString());
    }
}
