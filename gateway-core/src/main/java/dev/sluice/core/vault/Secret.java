package dev.sluice.core.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential Sluice holds, such as a backend password. Prints as {@code ****} so it cannot leak through a
 * log line or an error message by accident; compares in constant time.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself, for the code that hands it to a backend and nowhere else. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant, so that a hash says nothing about the value. */
    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "****";
    }
}
