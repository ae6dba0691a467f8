package dev.sluice.core.policy;

import dev.sluice.core.admin.Readiness;
import dev.sluice.core.admin.ReadinessCheck;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.PolicyConfig;
import dev.sluice.core.config.PolicyFile;
import dev.sluice.core.config.PolicyFileLoader;
import dev.sluice.core.config.PolicySet;
import dev.sluice.policy.AccessList;
import dev.sluice.policy.ConnectPolicy;
import dev.sluice.policy.MaskPolicy;
import dev.sluice.policy.OperationPolicy;
import dev.sluice.policy.RecordingPolicy;
import dev.sluice.policy.mask.MaskPlan;
import dev.sluice.policy.PolicyEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force: loaded from the policy directory at start (an invalid file stops the start), then read
 * again whenever a file changes. A change that does not load is logged with its {@code file:line:column} and
 * leaves the last good policy in force, so a typo never opens or closes the gateway.
 *
 * <p>Changes are found by polling: every interval the directory's policy files are read and compared with what was
 * last tried. Polling sees edits on every file system, including bind mounts and ConfigMap symlink swaps, where
 * file-watch events are unreliable.
 *
 * <p>Meters: {@code sluice.policy.reloads{result=success|failure}} and the gauge {@code sluice.policy.rules}.
 */
public final class PolicyStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

    private final PolicyConfig config;
    private final Map<String, AccessList> connections;
    private final Counter reloadSuccesses;
    private final Counter reloadFailures;
    private final ConnectPolicy connectView = request -> current().decide(request);
    private final OperationPolicy operationView = request -> current().decide(request);
    private volatile State state;
    /** What was last read from disk, loaded or not; a change from it triggers a load. */
    private Map<Path, String> lastSeen;
    private ScheduledExecutorService poller;

    /** The engine in force, the files it came from, and the last reload failure since then. */
    private record State(PolicyEngine engine, int files, Optional<String> lastError) {}

    private PolicyStore(PolicyConfig config, Map<String, AccessList> connections, MeterRegistry meters) {
        this.config = config;
        this.connections = Map.copyOf(connections);
        this.reloadSuccesses = Counter.builder("sluice.policy.reloads").tag("result", "success")
                .description("Policy reloads after a change of the policy files").register(meters);
        this.reloadFailures = Counter.builder("sluice.policy.reloads").tag("result", "failure")
                .description("Policy reloads after a change of the policy files").register(meters);
        Gauge.builder("sluice.policy.rules", this, store -> store.current().rules().size())
                .description("Rules in force, including one per connection allow list").register(meters);
    }

    /**
     * Loads the policy files, or only the connections' allow lists when no directory is configured.
     *
     * @param connections each configured connection's {@code allow} list
     * @throws ConfigException a policy file is invalid; the message names file, line and column
     */
    public static PolicyStore open(PolicyConfig config, Map<String, AccessList> connections, MeterRegistry meters)
            throws ConfigException {
        PolicyStore store = new PolicyStore(config, connections, meters);
        Map<Path, String> files = store.read();
        store.state = new State(store.build(files), files.size(), Optional.empty());
        store.lastSeen = files;
        log.info("policy loaded: {} rule(s) from {} file(s)", store.ruleCount(), files.size());
        return store;
    }

    /** Starts looking for changes every {@link PolicyConfig#reloadInterval()}; does nothing without a directory. */
    public synchronized void startWatching() {
        if (config.directory().isEmpty() || poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("sluice-policy-reload", true));
        long millis = config.reloadInterval().toMillis();
        poller.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The engine in force now. */
    public PolicyEngine current() {
        return state.engine();
    }

    /** Decides with whatever policy is in force at the moment of each call. */
    public ConnectPolicy connectPolicy() {
        return connectView;
    }

    /** Decides with whatever policy is in force at the moment of each call. */
    public OperationPolicy operationPolicy() {
        return operationView;
    }

    /**
     * Masking plans from whatever policy is in force when a session starts; parsed once per distinct set of
     * {@code mask} entries.
     *
     * @param hashKey the gateway's key for {@code hash} maskers
     */
    public MaskPolicy maskPolicy(byte[] hashKey) {
        java.util.concurrent.ConcurrentHashMap<java.util.List<java.util.Map<String, Object>>, MaskPlan> plans =
                new java.util.concurrent.ConcurrentHashMap<>();
        return request -> {
            java.util.List<java.util.Map<String, Object>> specs = current().maskSpecs(request);
            return specs.isEmpty() ? MaskPlan.NONE : plans.computeIfAbsent(specs, s -> MaskPlan.parse(s, hashKey));
        };
    }

    /** Recording levels from whatever policy is in force when a session starts. */
    public RecordingPolicy recordingPolicy() {
        return request -> current().recordingLevel(request);
    }

    public int ruleCount() {
        return current().rules().size();
    }

    /** Why the last reload failed, while the previous policy stays in force; empty once a reload succeeds. */
    public Optional<String> lastError() {
        return state.lastError();
    }

    /** For {@code /readyz}: the gateway serves with the last good policy, so this is ready and says what is in force. */
    public ReadinessCheck readinessCheck() {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "policy";
            }

            @Override
            public Readiness check() {
                return Readiness.ready(detail());
            }
        };
    }

    /** A one-line account of the policy in force and of a failed reload, if any. */
    public String detail() {
        State now = state;
        String loaded = now.engine().rules().size() + " rule(s) in force from " + now.files() + " policy file(s)";
        return now.lastError().map(error -> loaded + "; the last change was refused, the previous policy stays in force: "
                + error).orElse(loaded);
    }

    /**
     * Reads the policy files and, if they changed since last read, loads them.
     *
     * @return true when a new policy took effect
     */
    public synchronized boolean reloadIfChanged() {
        if (config.directory().isEmpty()) {
            return false;
        }
        Map<Path, String> files;
        try {
            files = read();
        } catch (ConfigException e) {
            return refuse(null, e.getMessage());
        }
        if (files.equals(lastSeen)) {
            return false;
        }
        lastSeen = files;
        try {
            PolicyEngine engine = build(files);
            state = new State(engine, files.size(), Optional.empty());
            reloadSuccesses.increment();
            log.info("policy reloaded: {} rule(s) from {} file(s)", engine.rules().size(), files.size());
            return true;
        } catch (ConfigException e) {
            return refuse(files, e.getMessage());
        }
    }

    private boolean refuse(Map<Path, String> files, String error) {
        if (files == null && state.lastError().filter(error::equals).isPresent()) {
            return false;
        }
        if (files == null) {
            lastSeen = null;
        }
        State previous = state;
        state = new State(previous.engine(), previous.files(), Optional.of(error));
        reloadFailures.increment();
        log.error("policy change refused, the previous policy stays in force: {}", error);
        return false;
    }

    private void reloadQuietly() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            log.error("policy reload failed unexpectedly; the previous policy stays in force", e);
        }
    }

    private Map<Path, String> read() throws ConfigException {
        Map<Path, String> files = new LinkedHashMap<>();
        if (config.directory().isEmpty()) {
            return files;
        }
        for (Path file : PolicyFileLoader.filesIn(config.directory().get())) {
            try {
                files.put(file, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read the policy file (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return files;
    }

    private PolicyEngine build(Map<Path, String> files) throws ConfigException {
        List<PolicyFile> parsed = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            parsed.add(PolicyFileLoader.parse(file.getValue(), file.getKey().toString()));
        }
        PolicySet set = PolicyFileLoader.combine(parsed);
        try {
            return PolicyEngine.of(set.rules(), connections);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.directory().map(Path::toString).orElse("policies") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
