package dev.sluice.core.identity;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.config.IdentityConfig;
import dev.sluice.core.config.OidcProviderConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates OIDC access tokens (signed JWTs) against the configured providers and, when enabled, the
 * {@link DevelopmentIssuer}.
 *
 * <p>Checks run in this order, and the first failure is reported: size and syntax ({@code MALFORMED});
 * algorithm, where {@code none}, HMAC and anything outside the issuer's allow-list are refused
 * ({@code DISALLOWED_ALGORITHM}); issuer ({@code UNTRUSTED_ISSUER}, or {@code NOT_LOOPBACK} for a
 * development token from elsewhere); signing key ({@code UNKNOWN_KEY}, {@code PROVIDER_UNAVAILABLE});
 * signature ({@code BAD_SIGNATURE}); then the claims: {@code exp} (missing is {@code MISSING_CLAIM}),
 * {@code nbf}, {@code aud}, {@code sub}, groups. Claims are trusted only after the signature verified.
 *
 * <p>Thread-safe. {@link #authenticate} blocks on HTTP only when a provider's keys must be fetched (first
 * use, an unknown key id, a stale key set), so callers on an event loop should use
 * {@link #authenticateAsync} with an executor of their own.
 */
public final class OidcTokenAuthenticator implements TokenAuthenticator {
    /** Real access tokens are a few kilobytes; this bounds what is parsed before any check. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final Logger log = LoggerFactory.getLogger(OidcTokenAuthenticator.class);

    private record Provider(TrustedIssuer rules, ProviderKeys keys) {
    }

    private final Clock clock;
    private final Duration clockSkew;
    private final Map<String, Provider> providers;
    private final DevelopmentIssuer developmentIssuer;
    private final TrustedIssuer developmentRules;

    /**
     * Opens the development issuer's key in {@code dataDirectory} when the configuration enables it.
     *
     * @throws IOException if the development issuer's key cannot be loaded or created
     */
    public OidcTokenAuthenticator(IdentityConfig config, Path dataDirectory, Clock clock) throws IOException {
        this(config, developmentIssuerEnabled(config)
                ? DevelopmentIssuer.open(dataDirectory, config.developmentIssuer(), clock)
                : null, clock);
    }

    /** For a configuration without the development issuer. */
    public OidcTokenAuthenticator(IdentityConfig config, Clock clock) {
        this(config, (DevelopmentIssuer) null, clock);
    }

    /**
     * @param developmentIssuer the development issuer whose tokens are accepted from loopback clients; must be
     *     given exactly when the configuration enables it, else null
     * @throws IllegalArgumentException if a provider's configuration would weaken validation (no audience, an
     *     unsupported algorithm, an issuer listed twice) or the development issuer does not match the configuration
     */
    public OidcTokenAuthenticator(IdentityConfig config, DevelopmentIssuer developmentIssuer, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNullElse(config.clockSkew(), IdentityConfig.DEFAULT_CLOCK_SKEW);
        if (developmentIssuerEnabled(config) != (developmentIssuer != null)) {
            throw new IllegalArgumentException(developmentIssuer == null
                    ? "the development issuer is enabled but was not opened"
                    : "a development issuer was given but the configuration does not enable it");
        }
        JsonFetcher fetcher = new JsonFetcher();
        Map<String, Provider> byIssuer = new HashMap<>();
        for (OidcProviderConfig provider : config.providers()) {
            String issuer = normalizeIssuer(provider.issuer().toString());
            Duration interval = Objects.requireNonNullElse(
                    provider.jwksMinRefreshInterval(), OidcProviderConfig.DEFAULT_JWKS_MIN_REFRESH_INTERVAL);
            Provider previous = byIssuer.put(issuer, new Provider(
                    rules(provider), new ProviderKeys(provider.name(), issuer, interval, fetcher, clock)));
            if (previous != null || issuer.equals(DevelopmentIssuerConfig.ISSUER)) {
                throw new IllegalArgumentException("identity provider " + provider.name() + " repeats issuer " + issuer);
            }
        }
        this.providers = Map.copyOf(byIssuer);
        this.developmentIssuer = developmentIssuer;
        this.developmentRules = developmentIssuer == null ? null : new TrustedIssuer(DevelopmentIssuer.PROVIDER_NAME,
                List.of(developmentIssuer.config().audience()), DevelopmentIssuer.GROUPS_CLAIM,
                Set.of(DevelopmentIssuer.ALGORITHM.getName()));
        if (developmentIssuer != null) {
            log.warn("development issuer enabled: tokens it mints are accepted from loopback clients; do not use in production");
        }
    }

    @Override
    public Identity authenticate(AccessToken token, InetAddress client) throws AuthenticationException {
        String raw = token == null ? null : token.reveal();
        if (raw == null || raw.isEmpty()) {
            throw new AuthenticationException(AuthFailure.MALFORMED, "no access token given");
        }
        if (raw.length() > MAX_TOKEN_LENGTH) {
            throw new AuthenticationException(AuthFailure.MALFORMED,
                    "access token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        JWSAlgorithm algorithm = signingAlgorithm(raw);
        SignedJWT jwt;
        JWTClaimsSet claims;
        String issuer;
        try {
            jwt = SignedJWT.parse(raw);
            claims = jwt.getJWTClaimsSet();
            issuer = claims.getIssuer();
        } catch (ParseException e) {
            throw new AuthenticationException(AuthFailure.MALFORMED, "access token is not a valid signed JWT");
        }
        if (issuer == null) {
            throw new AuthenticationException(AuthFailure.MISSING_CLAIM, "access token has no iss claim");
        }
        if (developmentIssuer != null && issuer.equals(DevelopmentIssuerConfig.ISSUER)) {
            return authenticateDevelopment(jwt, claims, client);
        }
        Provider provider = providers.get(normalizeIssuer(issuer));
        if (provider == null) {
            throw new AuthenticationException(AuthFailure.UNTRUSTED_ISSUER,
                    "untrusted token issuer " + UntrustedText.of(issuer));
        }
        requireAllowed(algorithm, provider.rules());
        List<JWK> keys = provider.keys().keysFor(algorithm, jwt.getHeader().getKeyID());
        return verified(jwt, keys, claims, issuer, provider.rules());
    }

    /**
     * Runs {@link #authenticate} on {@code executor}, keeping blocking key fetches off the caller's thread.
     * The future fails with a {@link CompletionException} whose cause is the {@link AuthenticationException}.
     */
    public CompletableFuture<Identity> authenticateAsync(AccessToken token, InetAddress client, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return authenticate(token, client);
            } catch (AuthenticationException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private Identity authenticateDevelopment(SignedJWT jwt, JWTClaimsSet claims, InetAddress client)
            throws AuthenticationException {
        if (client == null || !client.isLoopbackAddress()) {
            throw new AuthenticationException(AuthFailure.NOT_LOOPBACK,
                    "development issuer tokens are accepted from loopback clients only");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        requireAllowed(algorithm, developmentRules);
        String keyId = jwt.getHeader().getKeyID();
        List<JWK> keys = JwsKeys.select(List.of(developmentIssuer.publicKey()), algorithm, keyId);
        if (keys.isEmpty()) {
            throw new AuthenticationException(AuthFailure.UNKNOWN_KEY,
                    "token signed with unknown key id " + UntrustedText.of(keyId));
        }
        return verified(jwt, keys, claims, DevelopmentIssuerConfig.ISSUER, developmentRules);
    }

    private Identity verified(SignedJWT jwt, List<JWK> keys, JWTClaimsSet claims, String issuer, TrustedIssuer rules)
            throws AuthenticationException {
        if (!JwsKeys.verifies(jwt, keys)) {
            throw new AuthenticationException(AuthFailure.BAD_SIGNATURE, "token signature does not verify");
        }
        return TokenClaims.identity(claims, issuer, rules, clock.instant(), clockSkew);
    }

    /** Reads the header alone, so an unsigned, encrypted or HMAC token is refused before anything else. */
    private static JWSAlgorithm signingAlgorithm(String raw) throws AuthenticationException {
        Header header;
        try {
            header = Header.parse(JOSEObject.split(raw)[0]);
        } catch (ParseException e) {
            throw new AuthenticationException(AuthFailure.MALFORMED, "access token is not a JWT");
        }
        if (header instanceof JWEHeader) {
            throw new AuthenticationException(AuthFailure.DISALLOWED_ALGORITHM,
                    "encrypted tokens are not accepted; send a signed JWT");
        }
        if (!(header instanceof JWSHeader jws)) {
            throw new AuthenticationException(AuthFailure.DISALLOWED_ALGORITHM, "unsigned token (alg none) refused");
        }
        JWSAlgorithm algorithm = jws.getAlgorithm();
        if (!OidcProviderConfig.SUPPORTED_ALGORITHMS.contains(algorithm.getName())) {
            throw disallowed(algorithm);
        }
        return algorithm;
    }

    private static void requireAllowed(JWSAlgorithm algorithm, TrustedIssuer rules) throws AuthenticationException {
        if (!rules.algorithms().contains(algorithm.getName())) {
            throw disallowed(algorithm);
        }
    }

    private static AuthenticationException disallowed(JWSAlgorithm algorithm) {
        return new AuthenticationException(AuthFailure.DISALLOWED_ALGORITHM,
                "token signed with disallowed algorithm " + UntrustedText.of(algorithm.getName()));
    }

    private static TrustedIssuer rules(OidcProviderConfig provider) {
        if (provider.audiences().isEmpty()) {
            throw new IllegalArgumentException("identity provider " + provider.name() + " names no audience");
        }
        Set<String> algorithms = provider.algorithms().isEmpty() ? OidcProviderConfig.DEFAULT_ALGORITHMS : provider.algorithms();
        for (String algorithm : algorithms) {
            if (!OidcProviderConfig.SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException("identity provider " + provider.name()
                        + " allows algorithm " + algorithm + ", which Sluice never accepts; use one of "
                        + OidcProviderConfig.SUPPORTED_ALGORITHMS);
            }
        }
        String groupsClaim = provider.groupsClaim() == null ? OidcProviderConfig.DEFAULT_GROUPS_CLAIM : provider.groupsClaim();
        return new TrustedIssuer(provider.name(), provider.audiences(), groupsClaim, algorithms);
    }

    private static boolean developmentIssuerEnabled(IdentityConfig config) {
        return config.developmentIssuer() != null && config.developmentIssuer().enabled();
    }

    /** Issuers compare exactly, except that one trailing slash is tolerated. */
    static String normalizeIssuer(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
