package dev.sluice.core.config;

import java.time.Duration;

/**
 * A token issuer built into Sluice for trying it without an identity provider. Its signing key lives in the
 * data directory; its tokens are accepted only from loopback clients. Never enable it in production.
 */
public record DevelopmentIssuerConfig(boolean enabled, String audience, Duration maxTokenLifetime) {
    public static final String ISSUER = "urn:sluice:development-issuer";
    public static final String DEFAULT_AUDIENCE = "sluice";
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(12);
    public static final DevelopmentIssuerConfig DISABLED =
            new DevelopmentIssuerConfig(false, DEFAULT_AUDIENCE, DEFAULT_MAX_TOKEN_LIFETIME);
}
