package dev.sluice.core.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OIDC provider's signing keys: found through discovery, fetched from its {@code jwks_uri} and cached.
 *
 * <p>Fetches are rate limited: at most one attempt per {@code minRefreshInterval}, whatever the outcome, so
 * a flood of tokens with made-up key ids, or a provider that is down, costs the provider one request per
 * interval and costs callers no wait. A failed fetch is retried after the interval, never remembered. A key
 * set older than {@link #MAX_KEY_SET_AGE} is refreshed so that keys the provider withdrew stop verifying;
 * if that refresh fails the old keys stay in use until one succeeds. Callers whose key is cached never
 * block or take a lock.
 */
final class ProviderKeys {
    static final Duration MAX_KEY_SET_AGE = Duration.ofMinutes(15);
    private static final Logger log = LoggerFactory.getLogger(ProviderKeys.class);

    private record Snapshot(List<JWK> keys, Instant fetchedAt) {
    }

    private final String providerName;
    private final String issuer;
    private final Duration minRefreshInterval;
    private final JsonFetcher fetcher;
    private final Clock clock;

    private volatile Snapshot snapshot;
    /** Guarded by {@code this}. */
    private Instant lastAttempt;
    /** Guarded by {@code this}; found by discovery, forgotten when the key set cannot be fetched. */
    private URI jwksUri;

    ProviderKeys(String providerName, String issuer, Duration minRefreshInterval, JsonFetcher fetcher, Clock clock) {
        this.providerName = providerName;
        this.issuer = issuer;
        this.minRefreshInterval = minRefreshInterval;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * Keys that may verify a token signed with {@code algorithm} under {@code keyId} (null when the token
     * names none), fetching the key set when it is missing, stale or lacks the key.
     */
    List<JWK> keysFor(JWSAlgorithm algorithm, String keyId) throws AuthenticationException {
        Snapshot current = snapshot;
        if (current != null && !isStale(current)) {
            List<JWK> found = JwsKeys.select(current.keys(), algorithm, keyId);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return refreshAndSelect(algorithm, keyId);
    }

    private synchronized List<JWK> refreshAndSelect(JWSAlgorithm algorithm, String keyId) throws AuthenticationException {
        Snapshot current = snapshot;
        List<JWK> found = current == null ? List.of() : JwsKeys.select(current.keys(), algorithm, keyId);
        boolean needed = current == null || found.isEmpty() || isStale(current);
        if (needed && mayAttempt()) {
            current = fetch(current);
            found = current == null ? List.of() : JwsKeys.select(current.keys(), algorithm, keyId);
        }
        if (current == null) {
            throw unavailable();
        }
        if (found.isEmpty()) {
            throw new AuthenticationException(AuthFailure.UNKNOWN_KEY, keyId == null
                    ? "token names no key id and identity provider " + providerName + " has no " + algorithm + " key"
                    : "token signed with unknown key id " + UntrustedText.of(keyId));
        }
        return found;
    }

    private boolean mayAttempt() {
        Instant now = clock.instant();
        boolean allowed = lastAttempt == null
                || now.isBefore(lastAttempt)
                || !now.isBefore(lastAttempt.plus(minRefreshInterval));
        if (allowed) {
            lastAttempt = now;
        }
        return allowed;
    }

    /** Fetches the key set; on failure keeps {@code previous} (which may be null) and logs why. */
    private Snapshot fetch(Snapshot previous) {
        try {
            if (jwksUri == null) {
                jwksUri = discover();
            }
            JWKSet keySet = JWKSet.parse(fetcher.get(jwksUri));
            Snapshot fetched = new Snapshot(List.copyOf(keySet.getKeys()), clock.instant());
            snapshot = fetched;
            log.info("fetched {} signing keys of identity provider {} from {}", fetched.keys().size(), providerName, jwksUri);
            return fetched;
        } catch (IOException | ParseException | RuntimeException e) {
            log.warn("could not fetch signing keys of identity provider {} (issuer {}): {}; retrying in {} at the earliest",
                    providerName, issuer, e.toString(), minRefreshInterval);
            jwksUri = null;
            return previous;
        }
    }

    private URI discover() throws IOException, ParseException {
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        Map<String, Object> document = JSONObjectUtils.parse(fetcher.get(discovery));
        String advertised = JSONObjectUtils.getString(document, "issuer");
        if (advertised == null || !OidcTokenAuthenticator.normalizeIssuer(advertised).equals(issuer)) {
            throw new IOException("discovery document at " + discovery + " names issuer " + advertised + ", expected " + issuer);
        }
        URI keys = JSONObjectUtils.getURI(document, "jwks_uri");
        if (keys == null || !keys.isAbsolute() || !("https".equals(keys.getScheme()) || "http".equals(keys.getScheme()))) {
            throw new IOException("discovery document at " + discovery + " has no usable jwks_uri");
        }
        return keys;
    }

    private boolean isStale(Snapshot current) {
        return !clock.instant().isBefore(current.fetchedAt().plus(MAX_KEY_SET_AGE));
    }

    private AuthenticationException unavailable() {
        return new AuthenticationException(AuthFailure.PROVIDER_UNAVAILABLE,
                "signing keys of identity provider " + providerName + " are unavailable; try again later");
    }
}
