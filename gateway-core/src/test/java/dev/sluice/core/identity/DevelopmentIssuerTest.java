package dev.sluice.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.config.IdentityConfig;
import dev.sluice.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentIssuerTest {
    private static final DevelopmentIssuerConfig ENABLED =
            new DevelopmentIssuerConfig(true, "sluice", Duration.ofHours(12));
    private static final IdentityConfig IDENTITY = new IdentityConfig(IdentityConfig.DEFAULT_CLOCK_SKEW, List.of(), ENABLED);

    private final MutableClock clock = MutableClock.startingNow();

    @TempDir
    Path dataDirectory;

    @Test
    void mintedTokenAuthenticatesFromLoopback() throws Exception {
        OidcTokenAuthenticator authenticator = new OidcTokenAuthenticator(IDENTITY, dataDirectory, clock);
        DevelopmentIssuer issuer = DevelopmentIssuer.open(dataDirectory, ENABLED, clock);

        String token = issuer.mint("alice", List.of("dba", "oncall"), Duration.ofHours(1));
        Identity identity = authenticator.authenticate(new AccessToken(token), InetAddress.getLoopbackAddress());

        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.groups()).containsExactlyInAnyOrder("dba", "oncall");
        assertThat(identity.issuer()).isEqualTo(DevelopmentIssuerConfig.ISSUER);
        assertThat(identity.provider()).isEqualTo(DevelopmentIssuer.PROVIDER_NAME);
        assertThat(identity.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void mintedTokenFromANonLoopbackClientIsRefused() throws Exception {
        DevelopmentIssuer issuer = DevelopmentIssuer.open(dataDirectory, ENABLED, clock);
        OidcTokenAuthenticator authenticator = new OidcTokenAuthenticator(IDENTITY, issuer, clock);
        String token = issuer.mint("alice", List.of(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> authenticator.authenticate(new AccessToken(token), InetAddress.getByName("192.0.2.1")))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(AuthFailure.NOT_LOOPBACK);
                    assertThat(e.getMessage()).isEqualTo("development issuer tokens are accepted from loopback clients only");
                });
    }

    @Test
    void mintedTokenIsUntrustedWhenTheDevelopmentIssuerIsDisabled() throws Exception {
        String token = DevelopmentIssuer.open(dataDirectory, ENABLED, clock).mint("alice", List.of(), Duration.ofMinutes(5));
        OidcTokenAuthenticator authenticator = new OidcTokenAuthenticator(
                new IdentityConfig(IdentityConfig.DEFAULT_CLOCK_SKEW, List.of(), DevelopmentIssuerConfig.DISABLED), clock);

        assertThatThrownBy(() -> authenticator.authenticate(new AccessToken(token), InetAddress.getLoopbackAddress()))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthFailure.UNTRUSTED_ISSUER));
    }

    @Test
    void tokenFromAnotherDataDirectorysKeyIsRefused(@TempDir Path otherDataDirectory) throws Exception {
        String token = DevelopmentIssuer.open(otherDataDirectory, ENABLED, clock).mint("alice", List.of(), Duration.ofMinutes(5));
        OidcTokenAuthenticator authenticator = new OidcTokenAuthenticator(IDENTITY, dataDirectory, clock);

        assertThatThrownBy(() -> authenticator.authenticate(new AccessToken(token), InetAddress.getLoopbackAddress()))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthFailure.UNKNOWN_KEY));
    }

    @Test
    void mintedTokenExpiresAfterItsLifetime() throws Exception {
        DevelopmentIssuer issuer = DevelopmentIssuer.open(dataDirectory, ENABLED, clock);
        OidcTokenAuthenticator authenticator = new OidcTokenAuthenticator(IDENTITY, issuer, clock);
        String token = issuer.mint("alice", List.of(), Duration.ofMinutes(5));

        clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> authenticator.authenticate(new AccessToken(token), InetAddress.getLoopbackAddress()))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthFailure.EXPIRED));
    }

    @Test
    void signingKeyIsPersistedOwnerOnlyAndReused() throws Exception {
        DevelopmentIssuer first = DevelopmentIssuer.open(dataDirectory, ENABLED, clock);
        DevelopmentIssuer second = DevelopmentIssuer.open(dataDirectory, ENABLED, clock);

        Path keyFile = dataDirectory.resolve("dev-issuer/signing-key.json");
        assertThat(first.keyFile()).isEqualTo(keyFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(second.publicKey().isPrivate()).isFalse();

        String token = first.mint("alice", List.of(), Duration.ofMinutes(5));
        assertThat(new OidcTokenAuthenticator(IDENTITY, second, clock)
                .authenticate(new AccessToken(token), InetAddress.getLoopbackAddress()).subject()).isEqualTo("alice");
    }

    @Test
    void keyFileOthersCanReadIsRefused() throws Exception {
        Path keyFile = DevelopmentIssuer.open(dataDirectory, ENABLED, clock).keyFile();
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> DevelopmentIssuer.open(dataDirectory, ENABLED, clock))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("chmod 600");
    }

    @Test
    void lifetimeAboveTheMaximumIsRefused() throws Exception {
        DevelopmentIssuer issuer = DevelopmentIssuer.open(dataDirectory, ENABLED, clock);

        assertThatThrownBy(() -> issuer.mint("alice", List.of(), Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token lifetime PT13H exceeds the development issuer's maximum of PT12H");
    }

    @Test
    void disabledIssuerCannotBeOpened() {
        assertThatThrownBy(() -> DevelopmentIssuer.open(dataDirectory, DevelopmentIssuerConfig.DISABLED))
                .isInstanceOf(IllegalStateException.class);
        assertThat(dataDirectory.resolve("dev-issuer")).doesNotExist();
    }
}
