package dev.sluice.postgres.frontend;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.mask.ResultMasking;
import dev.sluice.postgres.record.SessionRecorder;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.SqlState;
import dev.sluice.postgres.relay.RelayHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend to client: swaps the answers to refused statements for Sluice's refusals, masks results when the
 * session's policy says so, hides the backend's user name, and measures query latency.
 */
final class BackendRelayHandler extends RelayHandler {
    private static final Logger log = LoggerFactory.getLogger(BackendRelayHandler.class);

    private final PostgresSession session;
    private final PostgresMetrics metrics;
    private final ResultMasking masking;
    private final SessionRecorder recorder;
    private ChannelHandlerContext context;

    BackendRelayHandler(PostgresSession session, PostgresMetrics metrics) {
        super(session.client());
        this.session = session;
        this.metrics = metrics;
        this.masking = session.masking();
        this.recorder = session.recorder();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        if (masking != null && masking.paused()) {
            masking.hold(frame);
            return;
        }
        handle(ctx, frame);
    }

    private void handle(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf out = frame;
        switch (PgWire.type(frame)) {
            case 'Z' -> {
                session.cycles().onAnswered();
                session.queryFinished();
            }
            case 'S' -> out = StartupReplies.hideBackendUser(frame, session.backendUser(), session.clientUser(), ctx.alloc());
            case 'E' -> out = session.refusals().onBackendError(frame, ctx.alloc());
            default -> { }
        }
        if (masking == null) {
            toClient(out);
        } else {
            masking.onFrame(out, ctx.alloc(), ctx.channel().eventLoop(), this::toClient, this::resume);
        }
    }

    /** What the client gets is what is recorded: after masking. */
    private void toClient(ByteBuf frame) {
        if (recorder != null) {
            recorder.backend(frame);
        }
        forward(frame);
    }

    /** A lookup that paused the stream completed: pass on what waited, then read again. */
    private void resume() {
        ByteBuf next;
        while ((next = masking.nextHeld()) != null) {
            handle(context, next);
        }
        if (!masking.paused()) {
            peer.flush();
            if (peer.isWritable()) {
                context.read();
            }
        }
    }

    /** The client is not read while one of its messages waits for approval or a grant. */
    @Override
    protected boolean peerPaused() {
        return session.waiting();
    }

    @Override
    protected boolean readPaused() {
        return masking != null && masking.paused();
    }

    @Override
    protected void relayed(long bytes) {
        metrics.bytesToClient(bytes);
    }

    /** The backend went away while the client still wants it: say so in the protocol, then hang up. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive() && !session.clientTerminated()) {
            log.warn("backend of connection {} closed the session of {}", session.connection(), session.identity().subject());
            ByteBuf error = peer.alloc().buffer();
            ErrorResponse.fatal(SqlState.CONNECTION_FAILURE,
                    "connection \"" + session.connection() + "\" was lost: the backend closed the session").encode(error);
            peer.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        } else {
            peer.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("backend channel of connection {} failed: {}", session.connection(), cause.toString());
        ctx.close();
    }
}
