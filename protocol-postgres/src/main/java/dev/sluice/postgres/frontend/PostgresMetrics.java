package dev.sluice.postgres.frontend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The Postgres protocol's meters, created once from the injected registry. */
public final class PostgresMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final LongAdder bytesFromClients = new LongAdder();
    private final LongAdder bytesToClients = new LongAdder();
    private final Timer queryLatency;
    private final Counter cancelsForwarded;
    private final Counter cancelsIgnored;
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> decisions = new java.util.concurrent.ConcurrentHashMap<>();

    public PostgresMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("sluice.postgres.sessions.active", activeSessions, AtomicInteger::get)
                .description("Client sessions currently relayed").register(registry);
        FunctionCounter.builder("sluice.postgres.bytes", bytesFromClients, LongAdder::sum).tag("direction", "client_to_backend")
                .baseUnit("bytes").description("Protocol bytes relayed").register(registry);
        FunctionCounter.builder("sluice.postgres.bytes", bytesToClients, LongAdder::sum).tag("direction", "backend_to_client")
                .baseUnit("bytes").description("Protocol bytes relayed").register(registry);
        queryLatency = Timer.builder("sluice.postgres.query.latency")
                .description("From a Query or Sync sent to the backend to its ReadyForQuery")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        cancelsForwarded = Counter.builder("sluice.postgres.cancels").tag("result", "forwarded").register(registry);
        cancelsIgnored = Counter.builder("sluice.postgres.cancels").tag("result", "unknown_key").register(registry);
    }

    /** One authentication attempt: result {@code success} or {@code failure} with the reason. */
    public void authentication(String result, String reason) {
        Counter.builder("sluice.postgres.authentications").tag("result", result).tag("reason", reason)
                .description("Client authentication attempts").register(registry).increment();
    }

    /** One session attempt by an authenticated client: {@code allowed}, {@code denied}, or what was unavailable. */
    public void sessionOpened(String result) {
        Counter.builder("sluice.postgres.sessions").tag("result", result)
                .description("Session attempts by outcome").register(registry).increment();
    }

    void sessionStarted() {
        activeSessions.incrementAndGet();
    }

    void sessionEnded() {
        activeSessions.decrementAndGet();
    }

    void bytesFromClient(long bytes) {
        bytesFromClients.add(bytes);
    }

    void bytesToClient(long bytes) {
        bytesToClients.add(bytes);
    }

    void queryCompleted(long nanos) {
        queryLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** One policy decision on a statement or function call; rule names are bounded by the policy. */
    Runnable decisionCounter(String connection, String action, String rule) {
        Counter counter = decisions.computeIfAbsent(connection + '\u0000' + action + '\u0000' + rule,
                key -> Counter.builder("sluice.policy.decisions")
                        .tag("protocol", "postgres").tag("connection", connection).tag("action", action).tag("rule", rule)
                        .description("Policy decisions on operations").register(registry));
        return counter::increment;
    }

    /** Values masked in one session, by mask rule; counted when the session ends. */
    void masked(String connection, java.util.Map<String, Long> byRule) {
        byRule.forEach((rule, count) -> Counter.builder("sluice.postgres.masked.values").tag("connection", connection)
                .tag("rule", rule).description("Values masked in results").register(registry).increment(count));
    }

    void cancel(boolean forwarded) {
        (forwarded ? cancelsForwarded : cancelsIgnored).increment();
    }
}
