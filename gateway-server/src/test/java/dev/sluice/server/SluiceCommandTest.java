package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.identity.AccessToken;
import dev.sluice.core.identity.DevelopmentIssuer;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.identity.OidcTokenAuthenticator;
import dev.sluice.core.config.IdentityConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceCommandTest {
    @TempDir
    Path dir;



    @Test
    void versionNamesTheBuild() {
        CommandRun run = CommandRun.of("version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("sluice 0.");
    }

    @Test
    void tokenMintsADevelopmentTokenThatTheGatewayAccepts() throws Exception {
        CommandRun run = CommandRun.of("token", "--data-dir", dir.toString(), "--subject", "alice", "--groups", "dba,dev", "--ttl", "15m");
        assertThat(run.exitCode()).as(run.err()).isZero();
        DevelopmentIssuerConfig issuer = new DevelopmentIssuerConfig(true, DevelopmentIssuerConfig.DEFAULT_AUDIENCE,
                DevelopmentIssuerConfig.DEFAULT_MAX_TOKEN_LIFETIME);
        OidcTokenAuthenticator authenticator = new OidcTokenAuthenticator(
                new IdentityConfig(IdentityConfig.DEFAULT_CLOCK_SKEW, List.of(), issuer), DevelopmentIssuer.open(dir, issuer),
                Clock.systemUTC());
        Identity identity = authenticator.authenticate(new AccessToken(run.out().trim()), InetAddress.getLoopbackAddress());
        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.groups()).containsExactlyInAnyOrder("dba", "dev");
    }

    @Test
    void tokenRefusesAMalformedLifetime() {
        CommandRun run = CommandRun.of("token", "--data-dir", dir.toString(), "--subject", "alice", "--ttl", "forever");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--ttl").contains("forever");
    }

    @Test
    void serveRefusesAnInvalidConfigurationNamingFileLineAndColumn() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "listeners:\n  - name: pg\n    protocol: postgres\n    bind: nowhere\n");
        CommandRun run = CommandRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("broken.yaml:4:").contains("bind");
    }
}
