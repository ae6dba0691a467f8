package dev.sluice.postgres.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.postgres.testing.PostgresBackend;
import dev.sluice.postgres.testing.SluiceHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every reason a client is turned away at connect, as pgjdbc sees it: SQLSTATE 28000 and a message that says why. */
class AuthenticationRefusalIT {
    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    private static void assertRefused(String connection, String token, String expectedMessage) {
        assertThatThrownBy(() -> sluice.connect(connection, token).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    SQLException sql = (SQLException) e;
                    assertThat(sql.getSQLState()).isEqualTo("28000");
                    assertThat(sql.getMessage()).contains(expectedMessage)
                            .doesNotContain(PostgresBackend.SCRAM_USER).doesNotContain(PostgresBackend.PASSWORD)
                            .doesNotContain(String.valueOf(sluice.backend.port()));
                });
        assertStillServing();
    }

    private static void assertStillServing() {
        try (Connection c = sluice.connect("scram", sluice.token("alice"));
             ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        } catch (SQLException e) {
            throw new AssertionError("gateway stopped serving after a refusal", e);
        }
    }

    @Test
    void expiredTokenIsRefused() {
        String token = sluice.idp.token(claims -> claims.subject("alice").claim("groups", List.of("dba"))
                .issueTime(Date.from(Instant.now().minusSeconds(7200))).expirationTime(Date.from(Instant.now().minusSeconds(3600))));
        assertRefused("scram", token, "expired");
    }

    @Test
    void tokenNotYetValidIsRefused() {
        String token = sluice.idp.token(claims -> claims.subject("alice").claim("groups", List.of("dba"))
                .notBeforeTime(Date.from(Instant.now().plusSeconds(3600))).expirationTime(Date.from(Instant.now().plusSeconds(7200))));
        assertRefused("scram", token, "not valid before");
    }

    @Test
    void tokenFromUntrustedIssuerIsRefused() {
        String token = sluice.idp.tokenFromIssuer("someone-else", claims -> claims.subject("alice").claim("groups", List.of("dba")));
        assertRefused("scram", token, "untrusted token issuer");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String token = sluice.idp.token(claims -> claims.subject("alice").claim("groups", List.of("dba")).audience("another-service"));
        assertRefused("scram", token, "audience");
    }

    @Test
    void tamperedTokenIsRefused() {
        String token = sluice.token("alice");
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("alice", "admin").getBytes());
        assertRefused("scram", parts[0] + "." + forgedPayload + "." + parts[2], "signature");
    }

    @Test
    void tokenSignedWithUnknownKeyIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("not-the-idps-key").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).type(JOSEObjectType.JWT).build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(stranger));
        assertRefused("scram", jwt.serialize(), "key");
    }

    @Test
    void unsignedTokenIsRefused() {
        assertRefused("scram", new PlainJWT(validClaims().build()).serialize(), "alg none");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        byte[] publicKey = sluice.idp.signingKey().toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(sluice.idp.signingKey().getKeyID()).build(),
                validClaims().build());
        jwt.sign(new MACSigner(publicKey));
        assertRefused("scram", jwt.serialize(), "HS256");
    }

    @Test
    void identityOutsideTheAllowedGroupsIsRefused() {
        assertRefused("restricted", sluice.token("alice"), "auditors");
    }

    @Test
    void unknownConnectionIsRefused() {
        assertRefused("no_such_connection", sluice.token("alice"), "unknown connection \"no_such_connection\"");
    }

    @Test
    void garbageInsteadOfATokenIsRefused() {
        assertRefused("scram", "not-a-token", "access token");
    }

    @Test
    void plaintextClientsAreRefusedUnlessTheListenerAllowsThem() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "alice");
        properties.setProperty("password", sluice.token("alice"));
        String plainUrl = "jdbc:postgresql://127.0.0.1:" + sluice.port() + "/scram?sslmode=disable";
        assertThatThrownBy(() -> DriverManager.getConnection(plainUrl, properties).close())
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"))
                .hasMessageContaining("TLS");
        String allowedUrl = "jdbc:postgresql://127.0.0.1:" + sluice.plaintextPort() + "/scram?sslmode=disable";
        try (Connection c = DriverManager.getConnection(allowedUrl, properties); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void refusalsAreCountedByReason() {
        assertRefused("scram", new PlainJWT(validClaims().build()).serialize(), "alg none");
        assertThat(sluice.gateway.meters().scrape())
                .contains("sluice_postgres_authentications_total{reason=\"disallowed_algorithm\",result=\"failure\"}");
    }

    private static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(sluice.idp.issuerUrl().toString())
                .audience("sluice")
                .subject("alice")
                .claim("groups", List.of("dba"))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }
}
