package dev.sluice.core.server;

import dev.sluice.core.config.ListenerConfig;
import dev.sluice.core.config.Protocol;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;

/** A wire protocol that Sluice serves on its listeners. One instance per gateway. */
public interface ProtocolModule extends AutoCloseable {
    Protocol protocol();

    /**
     * The handler that sets up each accepted client channel of {@code listener}.
     *
     * @param sslContext the listener's server TLS context
     */
    ChannelHandler clientChannelInitializer(ListenerConfig listener, SslContext sslContext);

    @Override
    default void close() {}
}
