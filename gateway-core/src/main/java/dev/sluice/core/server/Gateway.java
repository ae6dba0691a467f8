package dev.sluice.core.server;

import dev.sluice.core.admin.AdminServer;
import dev.sluice.core.access.AccessApi;
import dev.sluice.core.audit.AccessAuditLog;
import dev.sluice.core.access.WebhookNotifier;
import dev.sluice.core.config.AccessConfig;
import dev.sluice.core.config.Protocol;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.AutoApprover;
import dev.sluice.core.access.FileAccessStore;
import dev.sluice.core.audit.AuditApi;
import dev.sluice.core.audit.AuditRecorder;
import dev.sluice.core.audit.RetentionTask;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.sluice.core.config.ConnectionConfig;
import dev.sluice.core.config.ListenerConfig;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.identity.OidcTokenAuthenticator;
import dev.sluice.core.identity.TokenAuthenticator;
import dev.sluice.core.tls.ListenerTls;
import dev.sluice.core.vault.LocalVault;
import dev.sluice.core.vault.Vault;
import dev.sluice.core.config.AuditConfig;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.policy.PolicyStore;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the shared services built from one configuration, every listener bound, and the admin
 * endpoint. Protocol modules are supplied by the caller so that core never depends on a protocol.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Threads for blocking work (key fetches, vault reads); the queue bounds what waits for them. */
    static final int BLOCKING_THREADS = 8;
    static final int BLOCKING_QUEUE = 10_000;
    /** How often expired recordings are looked for. */
    static final Duration RETENTION_INTERVAL = Duration.ofHours(6);
    /** One event loop per core: relaying is CPU-bound and never blocks, so more threads only add switching. */
    static final int IO_THREADS = Runtime.getRuntime().availableProcessors();

    private final SluiceConfig config;
    private final PrometheusMeterRegistry meters;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService blocking;
    private final ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("sluice-housekeeping", true));
    private AuditRecorder recorder;
    private AccessService access;
    private WebhookNotifier webhooks;
    private AccessAuditLog accessLog;
    private final List<ProtocolModule> modules = new ArrayList<>();
    private final List<ListenerServer> listeners = new ArrayList<>();
    private PolicyStore policies;
    private AdminServer admin;
    private InetSocketAddress adminAddress;

    private Gateway(SluiceConfig config) {
        this.config = config;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sluice-accept"), Transports.ioHandlerFactory());
        this.workers = new MultiThreadIoEventLoopGroup(IO_THREADS, new DefaultThreadFactory("sluice-io"), Transports.ioHandlerFactory());
        this.blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(BLOCKING_QUEUE), new DefaultThreadFactory("sluice-blocking", true));
    }

    /**
     * Starts every listener of {@code config} with the module that serves its protocol.
     *
     * @param moduleFactories one per protocol Sluice can serve
     * @throws ConfigException a policy file is invalid (the message names file, line and column)
     */
    public static Gateway start(SluiceConfig config, List<Function<GatewayContext, ProtocolModule>> moduleFactories)
            throws IOException, InterruptedException, ConfigException {
        Gateway gateway = new Gateway(config);
        try {
            gateway.startAll(moduleFactories);
            return gateway;
        } catch (IOException | InterruptedException | ConfigException | RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private void startAll(List<Function<GatewayContext, ProtocolModule>> moduleFactories)
            throws IOException, InterruptedException, ConfigException {
        Files.createDirectories(config.dataDirectory());
        TokenAuthenticator authenticator = new OidcTokenAuthenticator(config.identity(), config.dataDirectory(), Clock.systemUTC());
        Vault vault = new LocalVault();
        policies = PolicyStore.open(config.policies(), config.allowLists(), meters);
        AccessConfig accessConfig = config.access();
        access = new AccessService(FileAccessStore.open(config.dataDirectory()),
                new PolicyRequestTerms(policies::current, this::protocolOf, accessConfig.approvers()),
                AutoApprover.firstOf(List.copyOf(accessConfig.autoApprove())), accessConfig.settings(), Clock.systemUTC());
        webhooks = Webhooks.start(accessConfig, vault, meters);
        if (webhooks != null) {
            access.addListener(webhooks);
        }
        AuditConfig audit = config.audit();
        recorder = AuditRecorder.start(config.dataDirectory(),
                new AuditRecorder.Settings(audit.queueCapacity(), audit.fsyncInterval(), audit.onFailure()), meters, Clock.systemUTC());
        accessLog = new AccessAuditLog(recorder, Clock.systemUTC());
        access.addListener(accessLog);
        access.start();
        if (!recorder.cutOffAtStartup().isEmpty()) {
            log.warn("{} recording(s) were cut off by an earlier stop: {}", recorder.cutOffAtStartup().size(),
                    recorder.cutOffAtStartup());
        }
        policies.startWatching();
        GatewayContext context = new GatewayContext(config, authenticator, policies.connectPolicy(),
                policies.operationPolicy(), policies.maskPolicy(MaskingKey.load(config.dataDirectory())),
                policies.recordingPolicy(), recorder, access, vault, meters, blocking, workers);
        housekeeping.scheduleAtFixedRate(new RetentionTask(recorder, config.audit().retentionDays(), Clock.systemUTC()),
                1, RETENTION_INTERVAL.toMinutes(), TimeUnit.MINUTES);
        for (Function<GatewayContext, ProtocolModule> factory : moduleFactories) {
            modules.add(factory.apply(context));
        }
        for (ListenerConfig listener : config.listeners()) {
            ProtocolModule module = modules.stream().filter(m -> m.protocol() == listener.protocol()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no module serves protocol " + listener.protocol().yamlName()));
            listeners.add(ListenerServer.bind(listener, module, ListenerTls.serverContext(listener.tls(), config.dataDirectory()),
                    boss, workers));
        }
        if (config.admin().enabled()) {
            admin = new AdminServer(config.admin().bind(), meters, workers);
            admin.addReadinessCheck(new ListenersReadiness(listeners));
            admin.addReadinessCheck(policies.readinessCheck());
            new AuditApi(recorder.paths(), recorder.publicKey(), authenticator, config.audit().auditorGroup()).register(admin);
            new AccessApi(access, authenticator, accessConfig.adminGroup()).register(admin);
            adminAddress = admin.start();
        }
        log.info("Sluice started: {} listener(s), {} connection(s): {}", listeners.size(), config.connections().size(),
                config.connections().stream().map(ConnectionConfig::name).collect(Collectors.joining(", ")));
    }

    private String protocolOf(String connection) {
        return config.connection(connection).map(c -> c.protocol().yamlName()).orElse(Protocol.POSTGRES.yamlName());
    }

    public SluiceConfig config() {
        return config;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Where the named listener is bound (useful with port 0). */
    public InetSocketAddress listenerAddress(String name) {
        return listeners.stream().filter(l -> l.listener().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listener " + name)).address();
    }

    /** The policy in force and its reload state. */
    public AccessService access() {
        return access;
    }

    public AuditRecorder recorder() {
        return recorder;
    }

    public PolicyStore policies() {
        return policies;
    }

    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    @Override
    public void close() {
        listeners.forEach(ListenerServer::close);
        if (admin != null) {
            admin.close();
        }
        modules.forEach(ProtocolModule::close);
        housekeeping.shutdownNow();
        if (access != null) {
            access.close();
        }
        if (webhooks != null) {
            webhooks.close();
        }
        if (accessLog != null) {
            accessLog.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (policies != null) {
            policies.close();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        meters.close();
    }
}
