package dev.sluice.core.tls;

import dev.sluice.core.config.BackendTlsMode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;

/** Placeholder until the TLS module lands. */
public final class BackendTls {
    private BackendTls() {}

    public static SslContext clientContext(BackendTlsMode mode, Path caCertificate) {
        try {
            if (mode == BackendTlsMode.DISABLE) {
                return null;
            }
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (mode == BackendTlsMode.REQUIRE) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (caCertificate != null) {
                builder.trustManager(caCertificate.toFile());
            }
            return builder.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
