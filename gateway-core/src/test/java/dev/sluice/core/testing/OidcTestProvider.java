package dev.sluice.core.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.config.IdentityConfig;
import dev.sluice.core.config.OidcProviderConfig;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenID Connect provider for tests: {@link MockOAuth2Server} serving discovery and a JWKS over HTTP,
 * plus methods that mint tokens signed with that provider's own key.
 *
 * <p>Use it as a JUnit 5 extension ({@code @RegisterExtension static OidcTestProvider idp = new
 * OidcTestProvider();}), which starts it before the class and stops it after, or call {@link #start()} and
 * {@link #close()} yourself.
 */
public final class OidcTestProvider implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String DEFAULT_ISSUER_ID = "sluice-test";
    public static final String AUDIENCE = "sluice";
    public static final String PROVIDER_NAME = "test-idp";
    public static final String DEFAULT_SUBJECT = "test-user";

    private final String issuerId;
    private final Clock clock;
    private final KeyProvider keys = new KeyProvider();
    private MockOAuth2Server server;

    public OidcTestProvider() {
        this(DEFAULT_ISSUER_ID, Clock.systemUTC());
    }

    /** @param clock the time tokens are issued at; share it with the authenticator under test */
    public OidcTestProvider(String issuerId, Clock clock) {
        this.issuerId = issuerId;
        this.clock = clock;
    }

    /** Starts the provider on a free port; does nothing if it is running. */
    public synchronized OidcTestProvider start() {
        if (server == null) {
            MockOAuth2Server started = new MockOAuth2Server(
                    new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
            started.start();
            server = started;
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public String issuerId() {
        return issuerId;
    }

    /** The issuer as tokens carry it in {@code iss}, and as Sluice's configuration names it. */
    public URI issuerUrl() {
        return issuerUrl(issuerId);
    }

    /** Another issuer on the same server, with a key of its own: trusted by nothing unless configured. */
    public URI issuerUrl(String otherIssuerId) {
        return URI.create(server().issuerUrl(otherIssuerId).toString());
    }

    /** Trusts this provider for audience {@value #AUDIENCE} with the default algorithms and groups claim. */
    public OidcProviderConfig providerConfig() {
        return new OidcProviderConfig(PROVIDER_NAME, issuerUrl(), List.of(AUDIENCE),
                OidcProviderConfig.DEFAULT_GROUPS_CLAIM, OidcProviderConfig.DEFAULT_ALGORITHMS,
                OidcProviderConfig.DEFAULT_JWKS_MIN_REFRESH_INTERVAL);
    }

    /** An identity configuration trusting only this provider, without the development issuer. */
    public IdentityConfig identityConfig() {
        return new IdentityConfig(IdentityConfig.DEFAULT_CLOCK_SKEW, List.of(providerConfig()),
                DevelopmentIssuerConfig.DISABLED);
    }

    /** A valid access token for {@code subject} in {@code groups}, valid for an hour. */
    public String token(String subject, String... groups) {
        return token(claims -> claims.subject(subject).claim("groups", List.of(groups)));
    }

    /**
     * A token built from valid defaults (this issuer, audience {@value #AUDIENCE}, subject
     * {@value #DEFAULT_SUBJECT}, no groups, valid for an hour from the clock) changed by {@code customizer};
     * setting a claim to null removes it.
     */
    public String token(Consumer<JWTClaimsSet.Builder> customizer) {
        return tokenFromIssuer(issuerId, customizer);
    }

    /** A token that {@code otherIssuerId} on this server issued and signed. */
    public String tokenFromIssuer(String otherIssuerId, Consumer<JWTClaimsSet.Builder> customizer) {
        JWTClaimsSet claims = TestTokens.customized(
                TestTokens.claims(issuerUrl(otherIssuerId).toString(), AUDIENCE, DEFAULT_SUBJECT, List.of(), clock.instant()),
                customizer);
        return TestTokens.sign(signingKey(otherIssuerId), JWSAlgorithm.RS256, claims);
    }

    /** This provider's signing key, private part included, as its JWKS publishes it (kid and all). */
    public RSAKey signingKey() {
        return signingKey(issuerId);
    }

    private RSAKey signingKey(String id) {
        return keys.signingKey(id).toRSAKey();
    }

    public MockOAuth2Server server() {
        MockOAuth2Server running = server;
        if (running == null) {
            throw new IllegalStateException("OidcTestProvider is not started");
        }
        return running;
    }
}
