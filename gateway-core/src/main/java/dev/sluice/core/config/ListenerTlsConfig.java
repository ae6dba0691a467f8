package dev.sluice.core.config;

import java.nio.file.Path;

/**
 * The certificate chain and private key (PEM) a listener presents. Both {@code null}: a self-signed certificate
 * is generated into the data directory on first start and reused afterwards.
 */
public record ListenerTlsConfig(Path certificateChain, Path privateKey) {
    public static final ListenerTlsConfig SELF_SIGNED = new ListenerTlsConfig(null, null);

    public boolean selfSigned() {
        return certificateChain == null;
    }
}
