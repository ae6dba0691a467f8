package dev.sluice.postgres.frontend;

import dev.sluice.core.config.BackendTlsMode;
import dev.sluice.core.config.ConnectionConfig;
import dev.sluice.core.config.ListenerConfig;
import dev.sluice.core.config.Protocol;
import dev.sluice.core.server.GatewayContext;
import dev.sluice.core.server.ProtocolModule;
import dev.sluice.core.tls.BackendTls;
import dev.sluice.policy.sql.CachingSqlClassifier;
import dev.sluice.policy.sql.SqlClassifier;
import dev.sluice.policy.sql.SqlStatementClassifier;
import dev.sluice.postgres.backend.BackendConnector;
import dev.sluice.postgres.backend.BackendEndpoint;
import dev.sluice.postgres.codec.PgFrameDecoder;
import dev.sluice.postgres.enforce.Answers;
import io.micrometer.core.instrument.Gauge;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.sluice.core.vault.VaultException;
import dev.sluice.postgres.backend.BackendLogin;
import dev.sluice.postgres.mask.CatalogLookup;
import java.time.Clock;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Serves PostgreSQL clients: the v3 protocol on the front, real PostgreSQL servers behind. */
public final class PostgresProtocolModule implements ProtocolModule {
    private final GatewayContext context;
    private final Map<String, BackendEndpoint> endpoints;
    private final CancelRegistry cancels = new CancelRegistry();
    private final SqlClassifier classifier = new CachingSqlClassifier(new SqlStatementClassifier());
    private final PostgresMetrics metrics;
    private final BackendConnector connector = new BackendConnector(BackendConnector.DEFAULT_CONNECT_TIMEOUT);
    private final Map<String, CatalogLookup> catalogs;
    /** Null when the gateway runs no access service. */
    private final Answers answers;
    private final GrantedSessions grantedSessions;

    public PostgresProtocolModule(GatewayContext context) {
        this.context = context;
        this.metrics = new PostgresMetrics(context.meters());
        this.endpoints = endpoints(context);
        this.catalogs = catalogs(context, endpoints, connector);
        this.answers = context.access() == null ? null : new Answers(context.access());
        this.grantedSessions = context.access() == null ? null : new GrantedSessions(context.access());
        if (answers != null) {
            Gauge.builder("sluice.postgres.held.statements", answers, Answers::waiting)
                    .description("Statements waiting for an approval now").register(context.meters());
            Gauge.builder("sluice.postgres.granted.sessions", grantedSessions, GrantedSessions::sessions)
                    .description("Sessions running under a just-in-time grant now").register(context.meters());
        }
    }

    /** One catalog lookup per connection, logging in with the connection's own vault credentials. */
    private static Map<String, CatalogLookup> catalogs(GatewayContext context, Map<String, BackendEndpoint> endpoints,
                                                       BackendConnector connector) {
        Map<String, CatalogLookup> catalogs = new HashMap<>();
        for (ConnectionConfig connection : context.config().connections()) {
            BackendEndpoint endpoint = endpoints.get(connection.name());
            if (endpoint == null) {
                continue;
            }
            Supplier<CompletableFuture<BackendLogin>> login = () -> CompletableFuture.supplyAsync(() -> {
                try {
                    return new BackendLogin(connection.credentials().username(), connection.backend().database(),
                            context.vault().resolve(connection.credentials().password()).reveal(),
                            Map.of("application_name", "sluice-catalog"));
                } catch (VaultException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, context.blockingExecutor());
            catalogs.put(connection.name(), new CatalogLookup(endpoint, login, connector, Clock.systemUTC()));
        }
        return Map.copyOf(catalogs);
    }

    private static Map<String, BackendEndpoint> endpoints(GatewayContext context) {
        Map<String, BackendEndpoint> endpoints = new HashMap<>();
        for (ConnectionConfig connection : context.config().connections()) {
            if (connection.protocol() != Protocol.POSTGRES) {
                continue;
            }
            BackendTlsMode mode = connection.backend().tls();
            SslContext ssl;
            try {
                ssl = BackendTls.clientContext(mode, connection.backend().caCertificate());
            } catch (IOException e) {
                throw new UncheckedIOException("connection " + connection.name() + ": cannot set up backend TLS: " + e.getMessage(), e);
            }
            endpoints.put(connection.name(), new BackendEndpoint(connection.backend().address().host(),
                    connection.backend().address().port(), mode, ssl));
        }
        return Map.copyOf(endpoints);
    }

    @Override
    public Protocol protocol() {
        return Protocol.POSTGRES;
    }

    public CancelRegistry cancels() {
        return cancels;
    }

    @Override
    public ChannelHandler clientChannelInitializer(ListenerConfig listener, SslContext sslContext) {
        PostgresFrontend frontend = new PostgresFrontend(context, sslContext, listener.allowPlaintext(),
                new Gatekeeper(context), endpoints, connector, cancels, classifier, catalogs, metrics, answers, grantedSessions);
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                PgFrameDecoder decoder = PgFrameDecoder.forClient();
                ch.pipeline().addLast(ReadTimeouts.NAME, new ReadTimeoutHandler(ReadTimeouts.STARTUP.toSeconds(), TimeUnit.SECONDS));
                ch.pipeline().addLast("frames", decoder);
                ch.pipeline().addLast("startup", new ClientStartupHandler(frontend, decoder));
            }
        };
    }
}
