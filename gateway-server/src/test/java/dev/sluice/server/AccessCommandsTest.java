package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.access.AccessApi;
import dev.sluice.core.access.AccessListener;
import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.AccessSettings;
import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.AutoApprover;
import dev.sluice.core.access.FileAccessStore;
import dev.sluice.core.access.GrantStatus;
import dev.sluice.core.access.Quorum;
import dev.sluice.core.admin.AdminServer;
import dev.sluice.core.config.HostPort;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.identity.OidcTokenAuthenticator;
import dev.sluice.core.testing.OidcTestProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The access commands against a real admin server serving the access API. */
class AccessCommandsTest {
    @RegisterExtension
    static final OidcTestProvider idp = new OidcTestProvider();

    @TempDir
    static Path dataDirectory;

    static EventLoopGroup group;
    static PrometheusMeterRegistry registry;
    static AdminServer server;
    static AccessService access;
    static String admin;
    static final ExecutorService approver = Executors.newSingleThreadExecutor();


    @BeforeAll
    static void start() throws Exception {
        access = new AccessService(FileAccessStore.open(dataDirectory),
                Approvers.Policy.fixed(new Approvers(List.of("dba"), Quorum.ANY)), AutoApprover.NONE, AccessSettings.DEFAULTS,
                Clock.systemUTC());
        group = new MultiThreadIoEventLoopGroup(1, dev.sluice.core.server.Transports.ioHandlerFactory());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new AdminServer(new HostPort("127.0.0.1", 0), registry, group);
        new AccessApi(access, new OidcTokenAuthenticator(idp.identityConfig(), Clock.systemUTC()), null).register(server);
        admin = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        approver.shutdownNow();
        server.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        registry.close();
    }

    @Test
    void aRequestIsListedApprovedAndItsGrantRevoked() throws Exception {
        Path aliceToken = dataDirectory.resolve("alice.token");
        Files.writeString(aliceToken, idp.token("alice", "dev") + "\n");
        String bob = idp.token("bob", "dba");

        CommandRun requested = CommandRun.of("request", "--connection", "orders", "--for", "15m", "--reason", "INC-42 stuck orders",
                "--uses", "3", "--admin", admin, "--token-file", aliceToken.toString());
        String id = requestId(requested);
        CommandRun listed = CommandRun.of("approvals", "list", "--admin", admin, "--token", bob);
        CommandRun approved = CommandRun.of("approvals", "approve", id, "--comment", "go ahead", "--admin", admin, "--token", bob);
        String grantId = access.findRequest(id).orElseThrow().grantId();
        CommandRun grants = CommandRun.of("grants", "list", "--admin", admin, "--token-file", aliceToken.toString());
        CommandRun revoked = CommandRun.of("grants", "revoke", grantId, "--reason", "done", "--admin", admin, "--token", bob);

        assertThat(requested.exitCode()).as(requested.err()).isZero();
        assertThat(requested.out()).contains("request " + id + " ").contains("pending (approvers: dba, quorum any)");
        assertThat(listed.out()).contains(id, "PENDING", "alice", "orders", "read", "15m", "INC-42 stuck orders");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("request " + id + " is now approved", "approved by bob", ": go ahead", grantId);
        assertThat(grants.out()).contains(grantId, "ACTIVE", "alice", "3").contains("1 grant(s)");
        assertThat(revoked.out()).isEqualTo("grant " + grantId + " revoked by bob\n");
        assertThat(access.findGrant(grantId).orElseThrow().status()).isEqualTo(GrantStatus.REVOKED);
    }

    @Test
    void waitingPrintsTheGrantOnceApproved() {
        Identity bob = new Identity("bob", Set.of("dba"), idp.issuerUrl().toString(), OidcTestProvider.PROVIDER_NAME,
                Instant.now().plusSeconds(3600));
        AccessListener approveLater = new AccessListener() {
            @Override
            public void onRequest(AccessRequest request) {
                if (request.requester().equals("carol")) {
                    approver.execute(() -> access.approve(request.id(), bob, "approved while carol waits"));
                }
            }
        };
        access.addListener(approveLater);

        CommandRun run = CommandRun.of("request", "--connection", "orders", "--for", "30s", "--scope", "select", "--uses", "1",
                "--use-unit", "operations", "--reason", "one trace", "--wait", "--poll", "50ms",
                "--admin", admin, "--token", idp.token("carol", "agents"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("approved by bob", "approved while carol waits", "ACTIVE", "carol", "select");
    }

    @Test
    void answeringADeniedRequestFailsWithTheServersReason() {
        String id = requestId(CommandRun.of("request", "--connection", "orders", "--for", "5m", "--reason", "curious",
                "--admin", admin, "--token", idp.token("dave", "dev")));
        CommandRun.of("approvals", "deny", id, "--comment", "no need", "--admin", admin, "--token", idp.token("erin", "dba"));

        CommandRun approveOwn = CommandRun.of("approvals", "approve", id, "--admin", admin, "--token", idp.token("dave", "dev", "dba"));

        assertThat(approveOwn.exitCode()).isEqualTo(1);
        assertThat(approveOwn.err()).isEqualTo("sluice: request " + id + " is already denied (HTTP 409)\n");
    }

    @Test
    void withoutATokenNothingIsSent() {
        CommandRun run = CommandRun.of("grants", "list", "--admin", admin);

        assertThat(run.exitCode()).isEqualTo(Configs.INVALID);
        assertThat(run.err()).contains("a token is required");
    }

    static String requestId(CommandRun run) {
        Matcher id = Pattern.compile("request (req-[0-9a-f]{16})").matcher(run.out());
        assertThat(id.find()).as(run.out() + run.err()).isTrue();
        return id.group(1);
    }

}
