package dev.sluice.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.core.testing.MutableClock;
import dev.sluice.core.testing.OidcTestProvider;
import dev.sluice.core.testing.TestTokens;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tokens from a real OIDC provider (mock-oauth2-server), validated through discovery and its JWKS. */
class OidcTokenAuthenticatorTest {
    private static final MutableClock clock = MutableClock.startingNow();
    private static final Instant now = clock.instant();
    private static final InetAddress client = InetAddress.getLoopbackAddress();
    private static final ExecutorService executor = Executors.newSingleThreadExecutor();

    @RegisterExtension
    static final OidcTestProvider idp = new OidcTestProvider(OidcTestProvider.DEFAULT_ISSUER_ID, clock);

    private OidcTokenAuthenticator authenticator;

    @BeforeEach
    void newAuthenticator() {
        clock.set(now);
        authenticator = new OidcTokenAuthenticator(idp.identityConfig(), clock);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void validTokenYieldsIdentityWithSubjectAndGroups() throws Exception {
        Identity identity = authenticator.authenticate(new AccessToken(idp.token("alice", "dba", "oncall")), client);

        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.groups()).containsExactlyInAnyOrder("dba", "oncall");
        assertThat(identity.issuer()).isEqualTo(idp.issuerUrl().toString());
        assertThat(identity.provider()).isEqualTo(OidcTestProvider.PROVIDER_NAME);
        assertThat(identity.expiresAt()).isEqualTo(now.plusSeconds(3600));
    }

    @Test
    void groupsGivenAsOneStringAreSplitOnSpacesAndCommas() throws Exception {
        String token = idp.token(claims -> claims.claim("groups", "dba, oncall  readers"));

        assertThat(authenticator.authenticate(new AccessToken(token), client).groups())
                .containsExactlyInAnyOrder("dba", "oncall", "readers");
    }

    @Test
    void absentGroupsClaimMeansNoGroups() throws Exception {
        String token = idp.token(claims -> claims.claim("groups", null));

        assertThat(authenticator.authenticate(new AccessToken(token), client).groups()).isEmpty();
    }

    @Test
    void groupsOfAnotherTypeAreRefused() {
        String token = idp.token(claims -> claims.claim("groups", List.of("dba", 7)));

        assertRefused(token, AuthFailure.MALFORMED, "token claim groups must be a list of strings or one string");
    }

    @Test
    void expiredTokenIsRefused() {
        Instant expiry = now.minus(Duration.ofMinutes(5));
        String token = idp.token(claims -> claims.expirationTime(Date.from(expiry)));

        assertRefused(token, AuthFailure.EXPIRED, "access token expired at " + expiry);
    }

    @Test
    void tokenExpiredWithinClockSkewIsAccepted() throws Exception {
        String token = idp.token(claims -> claims.expirationTime(Date.from(now.minusSeconds(10))));

        assertThat(authenticator.authenticate(new AccessToken(token), client).subject())
                .isEqualTo(OidcTestProvider.DEFAULT_SUBJECT);
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String token = idp.token(claims -> claims.expirationTime(null));

        assertRefused(token, AuthFailure.MISSING_CLAIM, "access token has no exp claim");
    }

    @Test
    void notYetValidTokenIsRefused() {
        Instant notBefore = now.plus(Duration.ofMinutes(5));
        String token = idp.token(claims -> claims.notBeforeTime(Date.from(notBefore)));

        assertRefused(token, AuthFailure.NOT_YET_VALID, "access token is not valid before " + notBefore);
    }

    @Test
    void tokenFromAnUntrustedIssuerIsRefused() {
        String token = idp.tokenFromIssuer("untrusted", claims -> { });

        assertRefused(token, AuthFailure.UNTRUSTED_ISSUER, "untrusted token issuer " + idp.issuerUrl("untrusted"));
    }

    @Test
    void issuerWithTrailingSlashIsTheSameIssuer() throws Exception {
        String token = idp.token(claims -> claims.issuer(idp.issuerUrl() + "/"));

        assertThat(authenticator.authenticate(new AccessToken(token), client).provider())
                .isEqualTo(OidcTestProvider.PROVIDER_NAME);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String token = idp.token(claims -> claims.audience("billing"));

        assertRefused(token, AuthFailure.WRONG_AUDIENCE, "token audience does not include sluice");
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        String token = idp.token(claims -> claims.subject(null));

        assertRefused(token, AuthFailure.MISSING_CLAIM, "access token has no sub claim");
    }

    @Test
    void tamperedPayloadFailsTheSignatureCheck() throws Exception {
        String[] parts = idp.token("alice", "readers").split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8).replace("readers", "admins");
        String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];

        assertRefused(tampered, AuthFailure.BAD_SIGNATURE, "token signature does not verify");
    }

    @Test
    void tokenSignedWithAKeyTheProviderDoesNotPublishIsRefused() {
        String token = TestTokens.sign(TestTokens.rsaKey("not-at-the-idp"), JWSAlgorithm.RS256,
                TestTokens.claims(idp.issuerUrl().toString(), OidcTestProvider.AUDIENCE, "mallory", List.of("admins"), now)
                        .build());

        assertRefused(token, AuthFailure.UNKNOWN_KEY, "token signed with unknown key id not-at-the-idp");
    }

    @Test
    void unsignedTokenIsRefused() {
        String token = new PlainJWT(TestTokens.claims(
                idp.issuerUrl().toString(), OidcTestProvider.AUDIENCE, "mallory", List.of("admins"), now).build()).serialize();

        assertRefused(token, AuthFailure.DISALLOWED_ALGORITHM, "unsigned token (alg none) refused");
    }

    @Test
    void hmacSignedWithTheProvidersPublicKeyIsRefused() throws JOSEException {
        byte[] publicKeyBytes = idp.signingKey().toRSAPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.signingKey().getKeyID()).build(),
                TestTokens.claims(idp.issuerUrl().toString(), OidcTestProvider.AUDIENCE, "mallory", List.of("admins"), now)
                        .build());
        forged.sign(new MACSigner(publicKeyBytes));

        assertRefused(forged.serialize(), AuthFailure.DISALLOWED_ALGORITHM, "token signed with disallowed algorithm HS256");
    }

    @Test
    void algorithmOutsideTheProvidersAllowListIsRefused() {
        String token = TestTokens.sign(idp.signingKey(), JWSAlgorithm.RS512,
                TestTokens.claims(idp.issuerUrl().toString(), OidcTestProvider.AUDIENCE, "alice", List.of(), now).build());

        assertRefused(token, AuthFailure.DISALLOWED_ALGORITHM, "token signed with disallowed algorithm RS512");
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        assertRefused("not-a-token", AuthFailure.MALFORMED, "access token is not a JWT");
        assertRefused("a.b.c", AuthFailure.MALFORMED, "access token is not a JWT");
    }

    @Test
    void oversizedTokenIsRefusedBeforeParsing() {
        String huge = "x".repeat(OidcTokenAuthenticator.MAX_TOKEN_LENGTH + 1);

        assertRefused(huge, AuthFailure.MALFORMED,
                "access token is longer than " + OidcTokenAuthenticator.MAX_TOKEN_LENGTH + " characters");
    }

    @Test
    void authenticateAsyncCompletesWithTheIdentity() {
        AccessToken token = new AccessToken(idp.token("alice", "dba"));

        assertThat(authenticator.authenticateAsync(token, client, executor).join().subject()).isEqualTo("alice");
    }

    @Test
    void authenticateAsyncFailsWithTheRefusalAsCause() {
        AccessToken token = new AccessToken(idp.token(claims -> claims.audience("billing")));

        assertThatThrownBy(() -> authenticator.authenticateAsync(token, client, executor).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthFailure.WRONG_AUDIENCE));
    }

    private void assertRefused(String token, AuthFailure reason, String message) {
        assertThatThrownBy(() -> authenticator.authenticate(new AccessToken(token), client))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isEqualTo(message).doesNotContain(token);
                });
    }
}
