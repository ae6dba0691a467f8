package dev.sluice.core.config;

import java.time.Duration;
import java.util.List;

/** How access tokens are validated: trusted OIDC providers and the optional development issuer. */
public record IdentityConfig(Duration clockSkew, List<OidcProviderConfig> providers, DevelopmentIssuerConfig developmentIssuer) {
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public IdentityConfig {
        providers = List.copyOf(providers);
    }
}
