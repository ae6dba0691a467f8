package dev.sluice.core.tls;

import dev.sluice.core.config.BackendConfig;
import dev.sluice.core.config.BackendTlsMode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS from Sluice to a backend, with libpq's {@code sslmode} meanings: {@code require} encrypts but trusts any
 * certificate; {@code verify-full} checks the chain and that the certificate names the host Sluice dialled.
 */
public final class BackendTls {
    /** The JSSE name for RFC 2818 host name checking, which is what {@code verify-full} means. */
    static final String HOST_NAME_VERIFICATION = "HTTPS";

    private BackendTls() {}

    /** The client context for a backend, or {@code null} for {@link BackendTlsMode#DISABLE}. */
    public static SslContext clientContext(BackendConfig backend) throws IOException {
        return clientContext(backend.tls(), backend.caCertificate());
    }

    /**
     * The client context for a mode, or {@code null} for {@link BackendTlsMode#DISABLE}.
     *
     * @param caCertificate PEM bundle trusted for {@link BackendTlsMode#VERIFY_FULL}; {@code null} trusts the JDK's CAs.
     *     Refused with {@link BackendTlsMode#REQUIRE}, where it would suggest a check that does not happen.
     */
    public static SslContext clientContext(BackendTlsMode mode, Path caCertificate) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().protocols(ListenerTls.PROTOCOLS);
        switch (mode) {
            case DISABLE:
                return null;
            case REQUIRE:
                if (caCertificate != null) {
                    throw new IllegalArgumentException("a CA certificate has no effect with tls require; use verify-full");
                }
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
                break;
            case VERIFY_FULL:
                if (caCertificate != null) {
                    builder.trustManager(caCertificate.toFile());
                }
                builder.endpointIdentificationAlgorithm(HOST_NAME_VERIFICATION);
                break;
            default:
                throw new IllegalArgumentException("unknown backend TLS mode " + mode);
        }
        try {
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot set up backend TLS (" + mode.yamlName() + ")"
                    + (caCertificate == null ? "" : " with CA certificate " + caCertificate) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A handler for a connection to {@code host:port}. The host is the name Sluice dialled, sent as SNI and, for
     * {@link BackendTlsMode#VERIFY_FULL}, matched against the certificate's names.
     */
    public static SslHandler newHandler(SslContext context, ByteBufAllocator allocator, String host, int port, BackendTlsMode mode) {
        if (mode == BackendTlsMode.DISABLE) {
            throw new IllegalArgumentException("no TLS handler for tls disable");
        }
        SslHandler handler = context.newHandler(allocator, host, port);
        if (mode == BackendTlsMode.VERIFY_FULL) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(HOST_NAME_VERIFICATION);
            engine.setSSLParameters(parameters);
        }
        return handler;
    }
}
