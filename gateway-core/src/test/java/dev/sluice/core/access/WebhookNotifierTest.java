package dev.sluice.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.vault.Secret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
    static final String KEY = "whsec-test-key";
    static final WebhookNotifier.Retry FAST = new WebhookNotifier.Retry(5, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(10), 100);

    record Received(Map<String, String> headers, byte[] body) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger calls = new AtomicInteger();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HttpServer receiver;
    WebhookNotifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** Answers 503 to the first {@code failures} posts, then 204, keeping every post it accepts. */
    URI receiver(int failures) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/sluice", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (calls.incrementAndGet() <= failures) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.add(new Received(headers(exchange), body));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/sluice");
    }

    static Map<String, String> headers(HttpExchange exchange) {
        return Map.of(
                "signature", String.valueOf(exchange.getRequestHeaders().getFirst(WebhookNotifier.SIGNATURE_HEADER)),
                "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst(WebhookNotifier.TIMESTAMP_HEADER)),
                "event", String.valueOf(exchange.getRequestHeaders().getFirst(WebhookNotifier.EVENT_HEADER)));
    }

    /** What a receiver does, written independently of the notifier: HMAC-SHA256 over the raw body. */
    static String expectedSignature(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static AccessRequest request() {
        return FileAccessStoreTest.request("req-00000000000000aa");
    }

    double count(String result) {
        return registry.get(WebhookNotifier.METRIC).tag("result", result).counter().count();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 20s").isTrue();
    }

    @Test
    void aGenericWebhookIsSignedOverItsBodyWithTheTimestampInside() throws Exception {
        URI url = receiver(0);
        notifier = new WebhookNotifier(List.of(new Webhook(url, Webhook.Format.GENERIC, new Secret(KEY))), FAST, registry,
                Clock.fixed(Instant.parse("2026-11-18T09:00:00Z"), java.time.ZoneOffset.UTC));

        notifier.onRequest(request());
        Received post = received.poll(20, TimeUnit.SECONDS);

        assertThat(post).isNotNull();
        JsonNode body = new ObjectMapper().readTree(post.body());
        assertThat(post.headers().get("signature")).isEqualTo(expectedSignature(post.body()));
        assertThat(post.headers().get("timestamp")).isEqualTo(String.valueOf(Instant.parse("2026-11-18T09:00:00Z").getEpochSecond())).isEqualTo(body.path("timestamp").asText());
        assertThat(post.headers().get("event")).isEqualTo("request.created");
        assertThat(body.path("event").asText()).isEqualTo("request.created");
        assertThat(body.path("request").path("id").asText()).isEqualTo("req-00000000000000aa");
        assertThat(body.path("request").path("quorum").asText()).isEqualTo("all");
        await(() -> count("delivered") == 1);
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAccepts() throws Exception {
        URI url = receiver(2);
        notifier = new WebhookNotifier(List.of(new Webhook(url, Webhook.Format.SLACK, null)), FAST, registry, Clock.systemUTC());

        notifier.onAnswer(request());
        Received post = received.poll(20, TimeUnit.SECONDS);

        assertThat(post).isNotNull();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(new ObjectMapper().readTree(post.body()).path("text").asText())
                .startsWith("Access request req-00000000000000aa is pending: alice → select on *orders* for 30s, 1 use(s)");
        assertThat(post.headers().get("signature")).isEqualTo("null");
        await(() -> count("delivered") == 1);
        assertThat(count("retried")).isEqualTo(2);
        assertThat(count("failed")).isZero();
    }

    @Test
    void aReceiverThatNeverAcceptsCountsOneFailureAfterTheLastAttempt() throws Exception {
        URI url = receiver(Integer.MAX_VALUE);
        notifier = new WebhookNotifier(List.of(new Webhook(url, Webhook.Format.GENERIC, new Secret(KEY))),
                new WebhookNotifier.Retry(3, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofSeconds(10), 100),
                registry, Clock.systemUTC());

        notifier.onRequest(request());

        await(() -> count("failed") == 1);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(count("retried")).isEqualTo(2);
    }

    @Test
    void slackTextCannotMentionTheChannel() {
        AccessRequest request = request();
        AccessRequest sneaky = new AccessRequest(request.id(), request.requester(), request.requesterGroups(), request.connection(),
                Scope.of("read"), request.ttl(), null, request.useUnit(), "<!channel> urgent", request.approvers(), request.quorum(),
                request.status(), List.of(), request.createdAt(), request.expiresAt(), null);

        assertThat(WebhookPayloads.slackText("request.created", sneaky)).contains("Reason: &lt;!channel&gt; urgent")
                .doesNotContain("<!channel>");
    }

    @Test
    void theWebhookUrlDoesNotPrint() {
        Webhook slack = new Webhook(URI.create("https://hooks.slack.example/services/T000/B000/secretpart"), Webhook.Format.SLACK, null);

        assertThat(slack.toString()).doesNotContain("secretpart").contains("hooks.slack.example");
    }
}
