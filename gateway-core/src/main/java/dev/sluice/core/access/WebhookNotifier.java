package dev.sluice.core.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every new request and every answer to the configured webhooks, so approvers hear about requests where they
 * already are. Never blocks the caller: deliveries run on the notifier's own thread and the HTTP client's, are retried
 * with exponential backoff on network errors, 429 and 5xx answers (up to {@link Retry#maxAttempts()}), and are dropped
 * when {@link Retry#maxPending()} are already under way. Counts {@code sluice.access.webhooks} by
 * {@code result} ({@code delivered}, {@code retried}, {@code failed}).
 *
 * <p>Generic bodies are signed: {@value #SIGNATURE_HEADER} is {@code sha256=<hex>} of HMAC-SHA256 over the exact body
 * bytes, and the body carries the same {@code timestamp} (epoch seconds) as {@value #TIMESTAMP_HEADER}, so a receiver
 * that checks the signature and refuses old timestamps refuses replays. Each attempt is signed afresh; the delivery
 * {@code id} stays the same across attempts, for receivers that deduplicate.
 */
public final class WebhookNotifier implements AccessListener, AutoCloseable {
    public static final String SIGNATURE_HEADER = "X-Sluice-Signature";
    public static final String TIMESTAMP_HEADER = "X-Sluice-Timestamp";
    public static final String EVENT_HEADER = "X-Sluice-Event";
    public static final String DELIVERY_HEADER = "X-Sluice-Delivery";
    public static final String METRIC = "sluice.access.webhooks";

    /**
     * @param maxAttempts attempts per delivery, the first included
     * @param initialBackoff the wait before the second attempt; each later wait doubles, up to {@code maxBackoff}
     * @param timeout how long one attempt may take
     * @param maxPending deliveries under way (waiting or sending) beyond which new ones are dropped and counted failed
     */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout, int maxPending) {
        public static final int DEFAULT_MAX_ATTEMPTS = 5;
        public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_PENDING = 1000;
        public static final Retry DEFAULTS = new Retry(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_TIMEOUT, DEFAULT_MAX_PENDING);

        public Retry {
            if (maxAttempts < 1 || maxPending < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                    || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("webhook retries need at least one attempt, a positive timeout, room for "
                        + "one delivery and a maximum backoff no shorter than the first");
            }
        }

        Duration backoff(int failedAttempts) {
            Duration wait = initialBackoff.multipliedBy(1L << Math.min(failedAttempts - 1, 30));
            return wait.compareTo(maxBackoff) > 0 || wait.isNegative() ? maxBackoff : wait;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    private final List<Webhook> webhooks;
    private final Retry retry;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    public WebhookNotifier(List<Webhook> webhooks, Retry retry, MeterRegistry registry, Clock clock) {
        this.webhooks = List.copyOf(webhooks);
        this.retry = retry;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-access-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(retry.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.delivered = counter(registry, "delivered");
        this.retried = counter(registry, "retried");
        this.failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder(METRIC).tag("result", result).description("Access webhook deliveries by outcome").register(registry);
    }

    @Override
    public void onRequest(AccessRequest request) {
        notifyAll(WebhookPayloads.REQUEST_CREATED, request);
    }

    @Override
    public void onAnswer(AccessRequest request) {
        notifyAll(WebhookPayloads.REQUEST_ANSWERED, request);
    }

    private void notifyAll(String event, AccessRequest request) {
        for (Webhook webhook : webhooks) {
            if (pending.incrementAndGet() > retry.maxPending()) {
                pending.decrementAndGet();
                failed.increment();
                log.warn("Dropped the {} webhook for {} to {}: {} deliveries already under way", event, request.id(), webhook, retry.maxPending());
                continue;
            }
            String deliveryId = UUID.randomUUID().toString();
            try {
                scheduler.execute(() -> attempt(webhook, deliveryId, event, request, 1));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.decrementAndGet();
                failed.increment();
            }
        }
    }

    private void attempt(Webhook webhook, String deliveryId, String event, AccessRequest request, int attempt) {
        long timestamp = clock.instant().getEpochSecond();
        byte[] body = webhook.format() == Webhook.Format.SLACK
                ? WebhookPayloads.slack(event, request)
                : WebhookPayloads.generic(deliveryId, event, timestamp, request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(webhook.url())
                .timeout(retry.timeout())
                .header("Content-Type", "application/json")
                .header(EVENT_HEADER, event)
                .header(DELIVERY_HEADER, deliveryId)
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (webhook.signingKey() != null) {
            builder.header(SIGNATURE_HEADER, WebhookPayloads.signature(webhook.signingKey().reveal(), body));
        }
        http.sendAsync(builder.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int status = response == null ? -1 : response.statusCode();
            if (error == null && status >= 200 && status < 300) {
                pending.decrementAndGet();
                delivered.increment();
                return;
            }
            boolean retriable = error != null || status == 429 || status >= 500;
            String what = error != null ? error.getClass().getSimpleName() : "HTTP " + status;
            if (retriable && attempt < retry.maxAttempts()) {
                retried.increment();
                Duration wait = retry.backoff(attempt);
                log.debug("Webhook {} for {} to {} failed ({}), attempt {} of {}; retrying in {}", event, request.id(),
                        webhook, what, attempt, retry.maxAttempts(), wait);
                try {
                    scheduler.schedule(() -> attempt(webhook, deliveryId, event, request, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // closed while retrying: counted failed below
                }
            }
            pending.decrementAndGet();
            failed.increment();
            log.warn("Webhook {} for {} to {} failed after {} attempt(s): {}", event, request.id(), webhook, attempt, what);
        });
    }

    /** Stops retrying; deliveries already sent may still complete. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
