package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.admin.AdminServer;
import dev.sluice.core.config.HostPort;
import dev.sluice.core.identity.OidcTokenAuthenticator;
import dev.sluice.core.testing.OidcTestProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AuditApiTest {
    @RegisterExtension
    static final OidcTestProvider idp = new OidcTestProvider();

    @TempDir
    static Path dataDirectory;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static EventLoopGroup group;
    private static AuditRecorder recorder;
    private static PrometheusMeterRegistry registry;
    private static AdminServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        recorder = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry());
        RecordedSessions.recordPostgresSession(recorder, "s1", "alice", Instant.parse("2026-11-20T09:00:00Z"));
        RecordedSessions.recordPostgresSession(recorder, "s2", "bob", Instant.parse("2026-11-21T09:00:00Z"));
        group = new MultiThreadIoEventLoopGroup(1, dev.sluice.core.server.Transports.ioHandlerFactory());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new AdminServer(new HostPort("127.0.0.1", 0), registry, group);
        new AuditApi(recorder.paths(), recorder.publicKey(),
                new OidcTokenAuthenticator(idp.identityConfig(), Clock.systemUTC()), "auditors").register(server);
        address = server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        registry.close();
        recorder.close();
    }

    @Test
    void aRunningSessionCanBeFollowedLiveUntilItIsSealed() throws Exception {
        SessionRecording live = recorder.open(new SessionStart("live-1", "carol", java.util.List.of("dev"), "issuer",
                "127.0.0.1:5000", "orders", "postgres", "psql", Instant.now()));
        live.append(Operation.of("SELECT 1", "allow", "dev-access"));
        java.util.concurrent.LinkedBlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> streaming = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://" + address.getHostString() + ":" + address.getPort()
                        + "/api/v1/sessions/live-1/live")).header("Authorization", "Bearer " + auditor()).build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = streaming.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.start();
        assertThat(nextEvent(lines)).isEqualTo("session_start");
        assertThat(nextEvent(lines)).isEqualTo("operation");
        live.append(Operation.of("SELECT 2", "allow", "dev-access"));
        assertThat(nextEvent(lines)).isEqualTo("operation");
        live.close("client terminated").get(10, TimeUnit.SECONDS);
        assertThat(nextEvent(lines)).isEqualTo("session_end");
        assertThat(nextEvent(lines)).isEqualTo("seal");
        reader.join(10_000);
        assertThat(reader.isAlive()).as("the stream ends after the seal").isFalse();
    }

    /** The next {@code event:} name on the stream. */
    private static String nextEvent(java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("an event arrives").isNotNull();
            if (line.startsWith("event: ")) {
                return line.substring("event: ".length());
            }
        }
    }

    @Test
    void withoutATokenTheAnswerIs401() throws Exception {
        HttpResponse<String> response = get("/api/v1/sessions", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("a bearer token is required");
    }

    @Test
    void aForgedTokenIs401() throws Exception {
        String token = idp.token("mallory", "auditors");
        HttpResponse<String> response = get("/api/v1/sessions", token.substring(0, token.length() - 4) + "AAAA");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).isEqualTo("bad_signature");
    }

    @Test
    void someoneOutsideTheAuditorGroupIs403() throws Exception {
        HttpResponse<String> response = get("/api/v1/sessions", idp.token("dave", "dev"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("dave is not in the auditor group auditors");
    }

    @Test
    void auditorsListSessionsWithFilters() throws Exception {
        JsonNode all = json(get("/api/v1/sessions?until=2026-11-21T23:59:59Z", auditor()));
        JsonNode bobs = json(get("/api/v1/sessions?subject=bob&status=closed", auditor()));
        JsonNode since = json(get("/api/v1/sessions?since=2026-11-21T00:00:00Z", auditor()));

        assertThat(all.path("total").asInt()).isEqualTo(2);
        assertThat(bobs.path("sessions")).hasSize(1);
        assertThat(bobs.path("sessions").get(0).path("session_id").asText()).isEqualTo("s2");
        assertThat(bobs.path("sessions").get(0).path("status").asText()).isEqualTo("CLOSED");
        assertThat(since.path("sessions").get(0).path("subject").asText()).isEqualTo("bob");
    }

    @Test
    void aBadFilterIs400() throws Exception {
        HttpResponse<String> response = get("/api/v1/sessions?since=yesterday", auditor());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void oneSessionComesWithItsVerification() throws Exception {
        JsonNode session = json(get("/api/v1/sessions/s1", auditor()));

        assertThat(session.path("session").path("connection").asText()).isEqualTo("orders-db");
        assertThat(session.path("verification").path("status").asText()).isEqualTo("OK");
        assertThat(session.path("verification").path("last_good_seq").asLong()).isEqualTo(9);
    }

    @Test
    void eventsArePaged() throws Exception {
        JsonNode page = json(get("/api/v1/sessions/s1/events?offset=4&limit=2", auditor()));

        assertThat(page.path("total").asInt()).isEqualTo(10);
        assertThat(page.path("events")).hasSize(2);
        assertThat(page.path("events").get(0).path("seq").asLong()).isEqualTo(4);
        assertThat(page.path("events").get(0).path("data").path("action").asText()).isEqualTo("block");
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        assertThat(get("/api/v1/sessions/nope", auditor()).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/sessions/nope/events", auditor()).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/sessions/s1/other", auditor()).statusCode()).isEqualTo(404);
    }

    private static String auditor() {
        return idp.token("erin", "auditors");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
