package dev.sluice.core.config;

import java.nio.file.Path;

/**
 * Where the real server is and how Sluice reaches it.
 *
 * @param database the backend's own database name (Postgres)
 * @param caCertificate PEM bundle trusted for {@link BackendTlsMode#VERIFY_FULL}; {@code null} uses the JDK's trust store
 */
public record BackendConfig(HostPort address, String database, BackendTlsMode tls, Path caCertificate) {}
