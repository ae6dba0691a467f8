package dev.sluice.postgres.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

/**
 * Sends SSLRequest, reads the backend's one-byte answer ({@code 'S'} or {@code 'N'}), and on {@code 'S'} puts
 * TLS in front of the pipeline. Startup begins (a channelActive passed on) only once the handshake succeeded.
 */
final class SslNegotiationHandler extends ChannelInboundHandlerAdapter {
    private final BackendEndpoint endpoint;
    private final Promise<BackendSession> promise;

    SslNegotiationHandler(BackendEndpoint endpoint, Promise<BackendSession> promise) {
        this.endpoint = endpoint;
        this.promise = promise;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(BackendConnector.sslRequest(ctx.channel()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (!in.isReadable()) {
                return;
            }
            byte answer = in.readByte();
            if (answer != 'S') {
                promise.tryFailure(new BackendException("backend " + endpoint + " does not accept TLS"));
                ctx.close();
                return;
            }
            if (in.isReadable()) {
                promise.tryFailure(new BackendException("backend " + endpoint + " sent data before the TLS handshake"));
                ctx.close();
                return;
            }
            ctx.pipeline().addBefore(ctx.name(), "ssl", BackendConnector.newSslHandler(ctx.channel(), endpoint));
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                ctx.fireChannelActive();
                ctx.pipeline().remove(this);
            } else {
                promise.tryFailure(new BackendException("TLS handshake with backend " + endpoint + " failed: "
                        + handshake.cause().getMessage(), handshake.cause()));
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        promise.tryFailure(new BackendException("TLS with backend " + endpoint + " failed: " + cause.getMessage(), cause));
        ctx.close();
    }
}
