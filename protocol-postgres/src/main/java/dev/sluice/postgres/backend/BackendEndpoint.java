package dev.sluice.postgres.backend;

import dev.sluice.core.config.BackendTlsMode;
import io.netty.handler.ssl.SslContext;

/**
 * Where a backend is and how to reach it.
 *
 * @param sslContext client TLS context; {@code null} exactly when {@code tlsMode} is {@link BackendTlsMode#DISABLE}
 */
public record BackendEndpoint(String host, int port, BackendTlsMode tlsMode, SslContext sslContext) {
    @Override
    public String toString() {
        return host + ":" + port + " (tls " + tlsMode.yamlName() + ")";
    }
}
