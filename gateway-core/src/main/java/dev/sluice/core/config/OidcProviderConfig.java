package dev.sluice.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A trusted OpenID Connect provider. Its signing keys come from the {@code jwks_uri} named by discovery
 * ({@code issuer + /.well-known/openid-configuration}).
 *
 * @param audiences a token must name at least one of these in {@code aud}
 * @param groupsClaim the claim holding the subject's groups (a list of strings, or one space-separated string)
 * @param algorithms JWS algorithms accepted; asymmetric only
 * @param jwksMinRefreshInterval an unknown {@code kid} refetches the key set at most this often
 */
public record OidcProviderConfig(
        String name,
        URI issuer,
        List<String> audiences,
        String groupsClaim,
        Set<String> algorithms,
        Duration jwksMinRefreshInterval) {
    public static final String DEFAULT_GROUPS_CLAIM = "groups";
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "ES256", "PS256", "EdDSA");
    /** Every algorithm Sluice can be told to accept: never {@code none}, never HMAC. */
    public static final Set<String> SUPPORTED_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    public OidcProviderConfig {
        audiences = List.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
    }
}
