package dev.sluice.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.config.IdentityConfig;
import dev.sluice.core.testing.MutableClock;
import dev.sluice.core.testing.OidcTestProvider;
import dev.sluice.core.testing.StaticKeysIssuer;
import dev.sluice.core.testing.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the authenticator fetches and caches a provider's keys, against an issuer served over real HTTP whose
 * keys, outages and request count the test controls.
 */
class ProviderKeySetTest {
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final InetAddress client = InetAddress.getLoopbackAddress();

    private final MutableClock clock = MutableClock.startingNow();
    private final RSAKey current = TestTokens.rsaKey("current");
    private final RSAKey stranger = TestTokens.rsaKey("stranger");
    private StaticKeysIssuer issuer;
    private OidcTokenAuthenticator authenticator;

    @BeforeEach
    void start() throws IOException {
        issuer = StaticKeysIssuer.start();
        issuer.publish(current);
        authenticator = authenticatorFor(Set.of("RS256", "ES256", "EdDSA"));
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void floodOfUnknownKeyIdsFetchesTheKeySetAtMostOncePerInterval() throws Exception {
        authenticator.authenticate(tokenSignedBy(current, JWSAlgorithm.RS256), client);
        assertThat(issuer.keySetRequests()).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            assertRefused(tokenWithMadeUpKeyId(), AuthFailure.UNKNOWN_KEY);
        }
        assertThat(issuer.keySetRequests()).isEqualTo(1);

        clock.advance(REFRESH_INTERVAL);
        for (int i = 0; i < 20; i++) {
            assertRefused(tokenWithMadeUpKeyId(), AuthFailure.UNKNOWN_KEY);
        }
        assertThat(issuer.keySetRequests()).isEqualTo(2);
    }

    @Test
    void rotatedInKeyIsFoundByRefetchingOnceTheIntervalHasPassed() throws Exception {
        authenticator.authenticate(tokenSignedBy(current, JWSAlgorithm.RS256), client);
        RSAKey next = TestTokens.rsaKey("next");
        issuer.publish(current, next);

        assertRefused(tokenSignedBy(next, JWSAlgorithm.RS256), AuthFailure.UNKNOWN_KEY);

        clock.advance(REFRESH_INTERVAL);
        assertThat(authenticator.authenticate(tokenSignedBy(next, JWSAlgorithm.RS256), client).subject())
                .isEqualTo("alice");
        assertThat(issuer.keySetRequests()).isEqualTo(2);
    }

    @Test
    void withdrawnKeyStopsVerifyingOnceTheKeySetIsStale() throws Exception {
        authenticator.authenticate(tokenSignedBy(current, JWSAlgorithm.RS256), client);
        issuer.publish(TestTokens.rsaKey("replacement"));

        clock.advance(ProviderKeys.MAX_KEY_SET_AGE);
        assertRefused(tokenSignedBy(current, JWSAlgorithm.RS256), AuthFailure.UNKNOWN_KEY);
    }

    @Test
    void cachedKeysKeepWorkingWhileTheProviderIsDown() throws Exception {
        authenticator.authenticate(tokenSignedBy(current, JWSAlgorithm.RS256), client);
        issuer.keySetStatus(503);

        clock.advance(ProviderKeys.MAX_KEY_SET_AGE);
        assertThat(authenticator.authenticate(tokenSignedBy(current, JWSAlgorithm.RS256), client).subject())
                .isEqualTo("alice");
        assertThat(issuer.keySetRequests()).isEqualTo(2);
    }

    @Test
    void unreachableKeySetIsReportedAndRetriedAfterTheInterval() throws Exception {
        issuer.keySetStatus(503);
        assertRefused(tokenSignedBy(current, JWSAlgorithm.RS256), AuthFailure.PROVIDER_UNAVAILABLE);

        issuer.keySetStatus(200);
        assertRefused(tokenSignedBy(current, JWSAlgorithm.RS256), AuthFailure.PROVIDER_UNAVAILABLE);
        assertThat(issuer.keySetRequests()).isEqualTo(1);

        clock.advance(REFRESH_INTERVAL);
        assertThat(authenticator.authenticate(tokenSignedBy(current, JWSAlgorithm.RS256), client).subject())
                .isEqualTo("alice");
    }

    @Test
    void discoveryNamingAnotherIssuerIsNotTrusted() {
        issuer.advertiseIssuer("https://impostor.example");

        assertRefused(tokenSignedBy(current, JWSAlgorithm.RS256), AuthFailure.PROVIDER_UNAVAILABLE);
        assertThat(issuer.keySetRequests()).isZero();
    }

    @Test
    void eddsaTokenIsAccepted() throws Exception {
        OctetKeyPair ed25519 = TestTokens.ed25519Key("ed25519");
        issuer.publish(current, ed25519);

        Identity identity = authenticator.authenticate(tokenSignedBy(ed25519, JWSAlgorithm.EdDSA), client);

        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.groups()).containsExactly("dba");
    }

    @Test
    void es256TokenIsAccepted() throws Exception {
        JWK ec = TestTokens.ecKey("p256");
        issuer.publish(ec);

        assertThat(authenticator.authenticate(tokenSignedBy(ec, JWSAlgorithm.ES256), client).subject()).isEqualTo("alice");
    }

    @Test
    void keyIsNeverUsedForAnotherAlgorithmFamily() {
        // an ES256 header naming the RSA key's id: the RSA key must not be tried
        String token = TestTokens.sign(TestTokens.ecKey(current.getKeyID()), JWSAlgorithm.ES256, claims());

        assertRefused(new AccessToken(token), AuthFailure.UNKNOWN_KEY);
    }

    @Test
    void tokenWithoutKeyIdIsVerifiedAgainstTheFittingKeys() throws Exception {
        RSAKey withoutId = new RSAKey.Builder(TestTokens.rsaKey("ignored")).keyID(null).build();
        issuer.publish(current, withoutId);
        String token = TestTokens.sign(withoutId,
                new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims());

        assertThat(authenticator.authenticate(new AccessToken(token), client).subject()).isEqualTo("alice");
    }

    private OidcTokenAuthenticator authenticatorFor(Set<String> algorithms) {
        IdentityConfig config = new IdentityConfig(IdentityConfig.DEFAULT_CLOCK_SKEW,
                List.of(issuer.providerConfig(algorithms, REFRESH_INTERVAL)), DevelopmentIssuerConfig.DISABLED);
        return new OidcTokenAuthenticator(config, clock);
    }

    private AccessToken tokenWithMadeUpKeyId() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString()).build();
        return new AccessToken(TestTokens.sign(stranger, header, claims()));
    }

    private AccessToken tokenSignedBy(JWK key, JWSAlgorithm algorithm) {
        return new AccessToken(TestTokens.sign(key, algorithm, claims()));
    }

    private JWTClaimsSet claims() {
        return TestTokens.claims(issuer.issuerUrl().toString(), OidcTestProvider.AUDIENCE, "alice", List.of("dba"),
                clock.instant()).build();
    }

    private void assertRefused(AccessToken token, AuthFailure reason) {
        assertThatThrownBy(() -> authenticator.authenticate(token, client))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
