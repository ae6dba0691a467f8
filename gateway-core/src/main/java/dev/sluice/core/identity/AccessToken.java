package dev.sluice.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A bearer token as received from a client. Prints as {@code ****}; compare in constant time. */
public final class AccessToken {
    private final String value;

    public AccessToken(String value) {
        this.value = value;
    }

    /** The raw token, for the validator only. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "****";
    }
}
