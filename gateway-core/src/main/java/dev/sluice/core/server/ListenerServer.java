package dev.sluice.core.server;

import dev.sluice.core.config.ListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds one client-facing listener. Child channels start with auto-read on; relays turn it off. */
public final class ListenerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListenerServer.class);
    /** Per-channel write buffer bounds: above the high mark the relay stops reading from the peer. */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final ListenerConfig listener;
    private Channel channel;

    private ListenerServer(ListenerConfig listener) {
        this.listener = listener;
    }

    public static ListenerServer bind(ListenerConfig listener, ProtocolModule module, SslContext sslContext,
                                      EventLoopGroup boss, EventLoopGroup workers) throws InterruptedException {
        ListenerServer server = new ListenerServer(listener);
        server.channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(module.clientChannelInitializer(listener, sslContext))
                .bind(listener.bind().host(), listener.bind().port())
                .sync()
                .channel();
        log.info("listener {} ({}) on {} tls={} plaintext={} transport={}", listener.name(), listener.protocol().yamlName(),
                server.address(), sslContext == null ? "none" : sslContext.getClass().getSimpleName(), listener.allowPlaintext(),
                Transports.name());
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** True while the listener accepts connections. */
    public boolean isOpen() {
        return channel != null && channel.isActive();
    }

    public ListenerConfig listener() {
        return listener;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }
}
