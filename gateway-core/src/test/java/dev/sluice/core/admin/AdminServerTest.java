package dev.sluice.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.HostPort;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventLoopGroup group;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PrometheusMeterRegistry registry;
    private AdminServer server;
    private InetSocketAddress address;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(1, dev.sluice.core.server.Transports.ioHandlerFactory());
    }

    @AfterAll
    static void stopGroup() throws Exception {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @BeforeEach
    void start() throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new AdminServer(new HostPort("127.0.0.1", 0), registry, group);
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void portZeroBindsAFreePort() {
        assertThat(address.getPort()).isPositive();
    }

    @Test
    void healthzAnswersOk() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"status\":\"ok\"}"));
    }

    @Test
    void readyzIsReadyWhenEveryCheckIs() throws Exception {
        server.addReadinessCheck(check("identity", Readiness.ready("2 providers loaded")));
        server.addReadinessCheck(check("state", Readiness.ready("embedded")));

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"status":"ready","checks":[
                  {"name":"identity","ready":true,"detail":"2 providers loaded"},
                  {"name":"state","ready":true,"detail":"embedded"}]}
                """));
    }

    @Test
    void readyzIsUnavailableWhileAnyCheckIsNotReady() throws Exception {
        server.addReadinessCheck(check("identity", Readiness.ready("loaded")));
        server.addReadinessCheck(check("backend", Readiness.notReady("orders unreachable")));

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("not ready");
        assertThat(body.get("checks").get(1).get("detail").asText()).isEqualTo("orders unreachable");
    }

    @Test
    void aFailingCheckCountsAsNotReadyWithoutItsMessage() throws Exception {
        server.addReadinessCheck(new ReadinessCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Readiness check() {
                throw new IllegalStateException("password=hunter2");
            }
        });

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("check failed (IllegalStateException)").doesNotContain("hunter2");
    }

    @Test
    void metricsServesPrometheusTextFromTheInjectedRegistry() throws Exception {
        registry.counter("sluice.test.requests", "result", "allowed").increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("sluice_test_requests_total{result=\"allowed\"} 3.0");
    }

    @Test
    void unknownPathIsNotFoundAndNamesThePath() throws Exception {
        HttpResponse<String> response = get("/nope?x=1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"error\":\"not found\",\"path\":\"/nope\"}"));
    }

    @Test
    void builtInEndpointsAnswerGetOnly() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/healthz")).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("method not allowed");
    }

    @Test
    void registeredRouteReceivesEveryRequestUnderItsPrefix() throws Exception {
        AtomicReference<AdminRequest> seen = new AtomicReference<>();
        server.route("/api/grants", request -> {
            seen.set(request);
            return AdminResponse.json(201, Map.of("id", request.path().substring("/api/grants/".length())));
        });

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/grants/42?reason=incident"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"minutes\":30}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"id\":\"42\"}");
        assertThat(seen.get().method()).isEqualTo("POST");
        assertThat(seen.get().parameter("reason")).isEqualTo("incident");
        assertThat(seen.get().header("Content-Type")).isEqualTo("application/json");
        assertThat(seen.get().bodyText()).isEqualTo("{\"minutes\":30}");
        assertThat(get("/api/grantsX").statusCode()).isEqualTo(404);
    }

    @Test
    void routesCannotShadowBuiltInEndpoints() {
        assertThatThrownBy(() -> server.route("/metrics", request -> AdminResponse.json(200, Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.route("/", request -> AdminResponse.json(200, Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingRouteAnswersInternalErrorWithoutDetails() throws Exception {
        server.route("/api", request -> {
            throw new IllegalStateException("secret detail");
        });

        HttpResponse<String> response = get("/api/x");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("internal error").doesNotContain("secret detail");
    }

    @Test
    void oversizedRequestIsRefusedBeforeItIsBuffered() throws Exception {
        server.route("/api", request -> AdminResponse.json(200, Map.of()));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[AdminServer.MAX_REQUEST_BYTES + 1])));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void closedServerNoLongerAccepts() {
        server.close();

        assertThatThrownBy(() -> get("/healthz")).isInstanceOf(ConnectException.class);
    }

    private static ReadinessCheck check(String name, Readiness readiness) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Readiness check() {
                return readiness;
            }
        };
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
