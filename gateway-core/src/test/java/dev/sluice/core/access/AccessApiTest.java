package dev.sluice.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.admin.AdminServer;
import dev.sluice.core.config.HostPort;
import dev.sluice.core.identity.OidcTokenAuthenticator;
import dev.sluice.core.testing.OidcTestProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AccessApiTest {
    @RegisterExtension
    static final OidcTestProvider idp = new OidcTestProvider();

    @TempDir
    static Path dataDirectory;

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String ORDERS = "{\"connection\":\"orders\",\"scope\":\"read\",\"ttl\":\"15m\",\"uses\":1,\"reason\":\"INC-42\"}";
    static EventLoopGroup group;
    static PrometheusMeterRegistry registry;
    static AdminServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        AccessService access = new AccessService(FileAccessStore.open(dataDirectory),
                Approvers.Policy.fixed(new Approvers(List.of("dba"), Quorum.ANY)), AutoApprover.NONE, AccessSettings.DEFAULTS,
                Clock.systemUTC());
        group = new MultiThreadIoEventLoopGroup(1, dev.sluice.core.server.Transports.ioHandlerFactory());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new AdminServer(new HostPort("127.0.0.1", 0), registry, group);
        new AccessApi(access, new OidcTokenAuthenticator(idp.identityConfig(), Clock.systemUTC()), "sluice-admins").register(server);
        address = server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        registry.close();
    }

    static String alice() {
        return idp.token("alice", "dev");
    }

    static String bob() {
        return idp.token("bob", "dba");
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static String newRequest() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/requests", alice(), ORDERS);
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).path("request").path("id").asText();
    }

    @Test
    void withoutATokenTheAnswerIs401() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/requests", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").asText()).isEqualTo("a bearer token is required");
    }

    @Test
    void theRequesterIsTheTokensIdentityAndAnApproverApproves() throws Exception {
        String id = newRequest();

        HttpResponse<String> approved = send("POST", "/api/v1/requests/" + id + "/approve", bob(), "{\"comment\":\"go\"}");
        JsonNode grant = json(approved).path("grant");

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(json(approved).path("request").path("status").asText()).isEqualTo("APPROVED");
        assertThat(json(approved).path("request").path("requester").asText()).isEqualTo("alice");
        assertThat(json(approved).path("request").path("answers").get(0).path("comment").asText()).isEqualTo("go");
        assertThat(grant.path("subject").asText()).isEqualTo("alice");
        assertThat(grant.path("uses_left").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/api/v1/grants?status=active", alice(), null)).path("grants").findValuesAsText("id"))
                .contains(grant.path("id").asText());
    }

    @Test
    void approvingYourOwnRequestIs403() throws Exception {
        String id = newRequest();

        HttpResponse<String> response = send("POST", "/api/v1/requests/" + id + "/approve", idp.token("alice", "dev", "dba"), "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("kind").asText()).isEqualTo("self_approval");
        assertThat(json(response).path("error").asText()).isEqualTo("alice made request " + id + " and cannot answer it; another approver must");
    }

    @Test
    void aNonApproverIs403AndCannotEvenSeeOthersRequests() throws Exception {
        String id = newRequest();

        HttpResponse<String> sees = send("GET", "/api/v1/requests/" + id, idp.token("erin", "dev"), null);
        HttpResponse<String> approves = send("POST", "/api/v1/requests/" + id + "/approve", idp.token("frank", "dba-readers", "sluice-admins"), "{}");

        assertThat(sees.statusCode()).isEqualTo(404);
        assertThat(approves.statusCode()).isEqualTo(403);
        assertThat(json(approves).path("error").asText()).isEqualTo("frank is not in an approver group (dba) of request " + id);
    }

    @Test
    void anUnknownRequestIs404() throws Exception {
        assertThat(send("GET", "/api/v1/requests/req-0123456789abcdef", bob(), null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/requests/../../etc", bob(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void answeringTwiceIs409() throws Exception {
        String id = newRequest();
        send("POST", "/api/v1/requests/" + id + "/deny", bob(), "{\"comment\":\"no\"}");

        HttpResponse<String> again = send("POST", "/api/v1/requests/" + id + "/approve", idp.token("carol", "dba"), null);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("error").asText()).isEqualTo("request " + id + " is already denied");
    }

    @Test
    void aBadBodyIs400AndSaysWhy() throws Exception {
        HttpResponse<String> tooLong = send("POST", "/api/v1/requests", alice(),
                "{\"connection\":\"orders\",\"ttl\":\"9h\",\"reason\":\"x\"}");
        HttpResponse<String> misspelt = send("POST", "/api/v1/requests", alice(),
                "{\"connection\":\"orders\",\"ttl\":\"5m\",\"use\":1,\"reason\":\"x\"}");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).path("error").asText()).isEqualTo("ttl must be positive and at most 28800s, got 32400s");
        assertThat(json(misspelt).path("error").asText()).startsWith("unknown field \"use\"");
    }

    @Test
    void pendingRequestsAreListedForApproversByStatus() throws Exception {
        String id = newRequest();

        JsonNode pending = json(send("GET", "/api/v1/requests?status=pending", bob(), null));
        HttpResponse<String> badStatus = send("GET", "/api/v1/requests?status=maybe", bob(), null);

        assertThat(pending.path("requests").findValuesAsText("id")).contains(id);
        assertThat(pending.path("requests").findValuesAsText("status")).containsOnly("PENDING");
        assertThat(badStatus.statusCode()).isEqualTo(400);
    }

    @Test
    void anApproverRevokesAGrantOnce() throws Exception {
        String id = newRequest();
        String grantId = json(send("POST", "/api/v1/requests/" + id + "/approve", bob(), null)).path("grant").path("id").asText();

        HttpResponse<String> revoked = send("POST", "/api/v1/grants/" + grantId + "/revoke", bob(), "{\"reason\":\"done\"}");
        HttpResponse<String> again = send("POST", "/api/v1/grants/" + grantId + "/revoke", bob(), null);

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).path("grant").path("status").asText()).isEqualTo("REVOKED");
        assertThat(json(revoked).path("grant").path("ended_by").asText()).isEqualTo("bob");
        assertThat(json(revoked).path("grant").path("end_reason").asText()).isEqualTo("done");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void aConsoleFollowingEventsSeesRequestsItMayAnswerTheMomentTheyChange() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/api/v1/requests/events"))
                        .header("Authorization", "Bearer " + bob()).build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        assertThat(nextData(lines, "ready")).isEqualTo("{}");

        String id = JSON.readTree(send("POST", "/api/v1/requests", alice(), ORDERS).body()).path("request").path("id").asText();
        assertThat(JSON.readTree(nextData(lines, "request.created")).path("request").path("id").asText()).isEqualTo(id);
        send("POST", "/api/v1/requests/" + id + "/approve", bob(), "{\"comment\":\"ok\"}");
        com.fasterxml.jackson.databind.JsonNode answered = JSON.readTree(nextData(lines, "request.answered"));
        assertThat(answered.path("request").path("status").asText()).isEqualToIgnoringCase("approved");
    }

    @Test
    void theEventStreamNeedsAToken() throws Exception {
        assertThat(send("GET", "/api/v1/requests/events", null, null).statusCode()).isEqualTo(401);
    }

    /** The data of the next event named {@code event}. */
    private static String nextData(java.util.concurrent.BlockingQueue<String> lines, String event) throws InterruptedException {
        boolean found = false;
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("event " + event + " arrives").isNotNull();
            if (line.equals("event: " + event)) {
                found = true;
            } else if (found && line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
    }
}
