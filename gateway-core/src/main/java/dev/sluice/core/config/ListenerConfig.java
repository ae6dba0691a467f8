package dev.sluice.core.config;

/**
 * A client-facing listener.
 *
 * @param tls certificate to present; {@link ListenerTlsConfig#SELF_SIGNED} generates one into the data directory
 * @param allowPlaintext accept clients that do not ask for TLS (and so send their token in clear); off by default
 */
public record ListenerConfig(String name, Protocol protocol, HostPort bind, ListenerTlsConfig tls, boolean allowPlaintext) {
    public static final boolean DEFAULT_ALLOW_PLAINTEXT = false;
}
