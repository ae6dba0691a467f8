package dev.sluice.postgres.backend;

import dev.sluice.core.config.BackendTlsMode;
import dev.sluice.postgres.codec.PgFrameDecoder;
import dev.sluice.postgres.message.StartupPacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import dev.sluice.core.server.Transports;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens a logged-in backend session: TCP on the caller's event loop, TLS as the endpoint asks, the startup
 * message, then authentication with the vault password.
 */
public final class BackendConnector {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Version 3.0 of the protocol. */
    static final int PROTOCOL_3_0 = 196608;

    private final Duration connectTimeout;

    public BackendConnector(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** Connects on {@code loop}, so relaying between client and backend needs no thread hand-off. */
    public Future<BackendSession> connect(EventLoop loop, BackendEndpoint endpoint, BackendLogin login) {
        Promise<BackendSession> promise = loop.newPromise();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", login.username());
        parameters.put("database", login.database());
        parameters.putAll(login.parameters());
        StartupPacket.StartupMessage startup = new StartupPacket.StartupMessage(PROTOCOL_3_0, parameters);
        PasswordAuthenticator authenticator = new PasswordAuthenticator(login.username(), login.password());

        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("frames", PgFrameDecoder.forBackend());
                        ch.pipeline().addLast("startup", new BackendStartupHandler(startup, authenticator, promise));
                        if (endpoint.tlsMode() != BackendTlsMode.DISABLE) {
                            ch.pipeline().addFirst("ssl-negotiation", new SslNegotiationHandler(endpoint, promise));
                        }
                    }
                });
        ChannelFuture connected = bootstrap.connect(endpoint.host(), endpoint.port());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(new BackendException("cannot connect to backend " + endpoint + ": " + f.cause().getMessage(), f.cause()));
            }
        });
        promise.addListener(f -> {
            if (!f.isSuccess()) {
                connected.channel().close();
            }
        });
        return promise;
    }

    /** A client-mode TLS handler for the endpoint, checking the host name when the mode is verify-full. */
    static SslHandler newSslHandler(Channel channel, BackendEndpoint endpoint) {
        SslHandler handler = endpoint.sslContext().newHandler(channel.alloc(), endpoint.host(), endpoint.port());
        if (endpoint.tlsMode() == BackendTlsMode.VERIFY_FULL) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    static ByteBuf sslRequest(Channel channel) {
        ByteBuf out = channel.alloc().buffer(8);
        out.writeInt(8);
        out.writeInt(StartupPacket.SSL_REQUEST_CODE);
        return out;
    }
}
