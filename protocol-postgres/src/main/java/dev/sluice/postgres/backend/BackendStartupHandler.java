package dev.sluice.postgres.backend;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.AuthenticationRequest;
import dev.sluice.postgres.message.KeyData;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a backend from startup message to its first ReadyForQuery: answers authentication, collects
 * ParameterStatus and BackendKeyData, then completes the promise and leaves the pipeline.
 */
final class BackendStartupHandler extends ChannelInboundHandlerAdapter {
    private final dev.sluice.postgres.message.StartupPacket.StartupMessage startup;
    private final PasswordAuthenticator authenticator;
    private final Promise<BackendSession> promise;
    private final List<ByteBuf> startupMessages = new ArrayList<>();
    private KeyData key;
    private boolean authenticated;

    BackendStartupHandler(dev.sluice.postgres.message.StartupPacket.StartupMessage startup,
                          PasswordAuthenticator authenticator, Promise<BackendSession> promise) {
        this.startup = startup;
        this.authenticator = authenticator;
        this.promise = promise;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ByteBuf out = ctx.alloc().buffer();
        startup.encode(out);
        ctx.writeAndFlush(out);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ByteBuf frame = (ByteBuf) msg;
        boolean keep = false;
        try {
            switch (PgWire.type(frame)) {
                case 'R' -> authenticate(ctx, AuthenticationRequest.decode(frame));
                case 'S', 'N' -> {
                    startupMessages.add(frame);
                    keep = true;
                }
                case 'K' -> key = KeyData.of(frame.duplicate().skipBytes(5));
                case 'v' -> { /* NegotiateProtocolVersion: we asked for 3.0 and no options; nothing to adjust */ }
                case 'E' -> fail(ctx, new BackendException("backend refused login: " + BackendErrors.describe(frame)));
                case 'Z' -> ready(ctx, (char) frame.getByte(frame.readerIndex() + 5));
                default -> fail(ctx, new BackendException("unexpected message '" + PgWire.type(frame) + "' during backend startup"));
            }
        } finally {
            if (!keep) {
                frame.release();
            }
        }
    }

    private void authenticate(ChannelHandlerContext ctx, AuthenticationRequest request) throws BackendException {
        if (request instanceof AuthenticationRequest.Ok) {
            authenticated = true;
            return;
        }
        try {
            ByteBuf answer = authenticator.answer(request, ctx.alloc());
            if (answer != null) {
                ctx.writeAndFlush(answer);
            }
        } catch (BackendException e) {
            fail(ctx, e);
        }
    }

    private void ready(ChannelHandlerContext ctx, char transactionStatus) {
        if (!authenticated || key == null) {
            fail(ctx, new BackendException("backend became ready without " + (authenticated ? "BackendKeyData" : "authenticating")));
            return;
        }
        ctx.channel().config().setAutoRead(false);
        ctx.pipeline().remove(this);
        if (!promise.trySuccess(new BackendSession(ctx.channel(), key, List.copyOf(startupMessages), transactionStatus))) {
            releaseCollected();
            ctx.close();
        }
    }

    private void fail(ChannelHandlerContext ctx, BackendException cause) {
        releaseCollected();
        promise.tryFailure(cause);
        ctx.close();
    }

    private void releaseCollected() {
        startupMessages.forEach(ByteBuf::release);
        startupMessages.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseCollected();
        promise.tryFailure(new BackendException("backend closed the connection during startup"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new BackendException("backend startup failed: " + cause.getMessage(), cause));
    }
}
