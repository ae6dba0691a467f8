package dev.sluice.core.config;

import java.util.Locale;

/** TLS towards a backend, named as libpq's {@code sslmode} values. */
public enum BackendTlsMode {
    /** Plain TCP. */
    DISABLE,
    /** TLS, certificate not checked. */
    REQUIRE,
    /** TLS, certificate chain checked against the CA and host name matched. */
    VERIFY_FULL;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BackendTlsMode fromYaml(String value) {
        for (BackendTlsMode mode : values()) {
            if (mode.yamlName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected one of disable, require, verify-full but got \"" + value + "\"");
    }
}
