package dev.sluice.core.admin;

import dev.sluice.core.config.HostPort;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint: {@code GET /healthz} (the process answers), {@code GET /readyz} (every registered
 * {@link ReadinessCheck} is ready; 503 otherwise), {@code GET /metrics} (Prometheus text from the injected registry),
 * and whatever {@link #route routes} are added. It has no authentication of its own, so it binds to loopback unless
 * configured otherwise.
 *
 * <p>Runs on the given event loop group, which must come from {@link dev.sluice.core.server.Transports}; {@link #close()} stops listening and closes
 * open connections but leaves the group to its owner.
 */
public final class AdminServer implements AutoCloseable {
    /** Admin requests are small; anything larger is refused with 413 before it is buffered. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** A connection that sends nothing for this long is closed, so idle clients cannot hold sockets forever. */
    public static final int READ_TIMEOUT_SECONDS = 60;
    static final Set<String> BUILT_IN_PATHS = Set.of("/healthz", "/readyz", "/metrics");

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final HostPort bind;
    private final PrometheusMeterRegistry registry;
    private final EventLoopGroup group;
    private final List<ReadinessCheck> readinessChecks = new CopyOnWriteArrayList<>();
    private final Map<String, AdminRoute> routes = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("sluice-admin", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public AdminServer(HostPort bind, PrometheusMeterRegistry registry, EventLoopGroup group) {
        this.bind = bind;
        this.registry = registry;
        this.group = group;
    }

    /** Adds a condition {@code /readyz} reports; may be called before or after {@link #start()}. */
    public void addReadinessCheck(ReadinessCheck check) {
        readinessChecks.add(check);
    }

    /**
     * Sends requests for {@code pathPrefix} and everything below it ({@code /api/grants} serves
     * {@code /api/grants/42}) to {@code route}, whatever their method. The longest matching prefix wins.
     *
     * @throws IllegalArgumentException the prefix does not start with {@code /}, overlaps a built-in endpoint or is
     *     already routed
     */
    public void route(String pathPrefix, AdminRoute route) {
        String prefix = pathPrefix.length() > 1 && pathPrefix.endsWith("/")
                ? pathPrefix.substring(0, pathPrefix.length() - 1)
                : pathPrefix;
        if (!prefix.startsWith("/") || prefix.equals("/")) {
            throw new IllegalArgumentException("a route prefix starts with / and names a path, got \"" + pathPrefix + "\"");
        }
        for (String builtIn : BUILT_IN_PATHS) {
            if (builtIn.equals(prefix) || builtIn.startsWith(prefix + "/") || prefix.startsWith(builtIn + "/")) {
                throw new IllegalArgumentException(prefix + " overlaps the built-in " + builtIn);
            }
        }
        if (routes.putIfAbsent(prefix, route) != null) {
            throw new IllegalArgumentException(prefix + " is already routed");
        }
    }

    /**
     * Starts listening; port 0 picks a free port.
     *
     * @return the address actually bound
     * @throws IOException the address cannot be bound
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("the admin server is already started");
        }
        AdminHttpHandler handler = new AdminHttpHandler(registry, readinessChecks, routes);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(dev.sluice.core.server.Transports.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline().addLast(
                                new ReadTimeoutHandler(READ_TIMEOUT_SECONDS),
                                new HttpServerCodec(),
                                new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                handler);
                    }
                })
                .bind(bind.toSocketAddress())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new IOException("cannot listen for admin requests on " + bind + ": " + cause.getMessage(), cause);
        }
        serverChannel = bound.channel();
        InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
        log.info("Admin endpoint listening on http://{}", new HostPort(address.getAddress().getHostAddress(), address.getPort()));
        return address;
    }

    /** Stops listening and closes open admin connections. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        channels.close().awaitUninterruptibly();
    }
}
