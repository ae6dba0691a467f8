package dev.sluice.postgres.backend;

import dev.sluice.core.config.BackendTlsMode;
import dev.sluice.postgres.message.KeyData;
import dev.sluice.postgres.message.StartupPacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import dev.sluice.core.server.Transports;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a CancelRequest for a backend session on a new connection, over TLS when the endpoint uses it, as libpq
 * does. Fire and forget: PostgreSQL answers a cancel by closing the connection.
 */
public final class BackendCanceller {
    private static final Logger log = LoggerFactory.getLogger(BackendCanceller.class);

    private BackendCanceller() {}

    public static void cancel(EventLoop loop, BackendEndpoint endpoint, KeyData backendKey) {
        new Bootstrap()
                .group(loop)
                .channel(Transports.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new CancelSender(endpoint, backendKey));
                    }
                })
                .connect(endpoint.host(), endpoint.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        log.warn("cannot forward cancel request to backend {}: {}", endpoint, f.cause().toString());
                    }
                });
    }

    private static final class CancelSender extends ChannelInboundHandlerAdapter {
        private final BackendEndpoint endpoint;
        private final KeyData key;

        CancelSender(BackendEndpoint endpoint, KeyData key) {
            this.endpoint = endpoint;
            this.key = key;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (endpoint.tlsMode() == BackendTlsMode.DISABLE) {
                sendCancel(ctx);
            } else {
                ctx.writeAndFlush(BackendConnector.sslRequest(ctx.channel()));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf in = (ByteBuf) msg;
                if (in.isReadable() && in.readByte() == 'S' && ctx.pipeline().get("ssl") == null) {
                    ctx.pipeline().addBefore(ctx.name(), "ssl", BackendConnector.newSslHandler(ctx.channel(), endpoint));
                } else {
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    sendCancel(ctx);
                } else {
                    log.warn("cancel request to backend {}: TLS failed: {}", endpoint, handshake.cause().toString());
                    ctx.close();
                }
            }
        }

        private void sendCancel(ChannelHandlerContext ctx) {
            ByteBuf out = ctx.alloc().buffer(16);
            out.writeInt(16);
            out.writeInt(StartupPacket.CANCEL_REQUEST_CODE);
            key.encode(out);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("cancel request to backend {} failed: {}", endpoint, cause.toString());
            ctx.close();
        }
    }
}
