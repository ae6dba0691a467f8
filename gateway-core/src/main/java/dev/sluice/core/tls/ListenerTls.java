package dev.sluice.core.tls;

import dev.sluice.core.config.ListenerTlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The TLS a client-facing listener offers: its configured certificate, or one generated into the data directory. */
public final class ListenerTls {
    /** Older versions have known weaknesses; every client Sluice serves speaks at least TLS 1.2. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ListenerTls() {}

    /**
     * A server context for the listener. With {@link ListenerTlsConfig#SELF_SIGNED} the certificate is generated
     * into {@code <dataDirectory>/tls/} on first start and reused afterwards (see {@link GeneratedListenerCertificate}).
     *
     * @throws IOException the files cannot be read or generated, or do not hold a certificate and matching key
     */
    public static SslContext serverContext(ListenerTlsConfig config, Path dataDirectory) throws IOException {
        ListenerTlsConfig files = config.selfSigned() ? GeneratedListenerCertificate.ensure(dataDirectory) : config;
        try {
            return SslContextBuilder.forServer(files.certificateChain().toFile(), files.privateKey().toFile())
                    .protocols(PROTOCOLS)
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot use the listener certificate " + files.certificateChain() + " with key "
                    + files.privateKey() + ": " + e.getMessage(), e);
        }
    }
}
