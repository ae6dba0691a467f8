package dev.sluice.postgres.frontend;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.relay.RelayHandler;
import dev.sluice.postgres.enforce.StatementGate;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client to backend, after authentication: forwards every message, noting queries and Terminate. While a message
 * waits for approval or a grant, reading stops and the messages already read queue behind it (at most one read
 * batch), so the backend sees everything in the order the client sent it.
 */
final class ClientRelayHandler extends RelayHandler implements StatementGate.Waiting {
    private static final Logger log = LoggerFactory.getLogger(ClientRelayHandler.class);
    private static final byte[] TERMINATE = {'X', 0, 0, 0, 4};

    private final PostgresSession session;
    private final PostgresMetrics metrics;
    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    /** The message whose verdict waits, as sent: 'Q', 'P' or 'F'; 0 when none does. */
    private char waitingType;

    ClientRelayHandler(PostgresSession session, PostgresMetrics metrics) {
        super(session.backend());
        this.session = session;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        if (waitingType != 0) {
            queued.add(frame);
            return;
        }
        relay(ctx, frame);
    }

    private void relay(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf forwarded = frame;
        if (session.masking() != null) {
            session.masking().onClientMessage(frame);
        }
        switch (PgWire.type(frame)) {
            case 'Q' -> {
                forwarded = session.gate().query(frame, ctx.alloc(), this);
                if (forwarded == null) {
                    waitFor('Q');
                    return;
                }
                endOfCycle();
            }
            case 'P' -> {
                forwarded = session.gate().parse(frame, ctx.alloc(), this);
                if (forwarded == null) {
                    waitFor('P');
                    return;
                }
            }
            case 'F' -> {
                forwarded = session.gate().functionCall(frame, ctx.alloc(), this);
                if (forwarded == null) {
                    waitFor('F');
                    return;
                }
                endOfCycle();
            }
            case 'S' -> endOfCycle();
            case 'B' -> {
                if (session.recorder() != null) {
                    session.recorder().bind(frame);
                }
            }
            case 'E' -> {
                if (session.recorder() != null) {
                    session.recorder().execute(frame);
                }
            }
            case 'X' -> session.clientTerminating();
            default -> { }
        }
        forward(forwarded);
    }

    private void waitFor(char type) {
        waitingType = type;
        session.waiting(type != 0);
    }

    @Override
    public void notice(String message) {
        Channel client = ctx.channel();
        client.eventLoop().execute(() -> {
            if (client.isActive()) {
                ByteBuf notice = ctx.alloc().buffer();
                new ErrorResponse(ErrorResponse.Severity.NOTICE, SqlState.SUCCESSFUL_COMPLETION, message, null, null).encode(notice);
                client.writeAndFlush(notice, client.voidPromise());
            }
        });
    }

    @Override
    public Executor eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public void resume(ByteBuf frame) {
        char type = waitingType;
        waitFor((char) 0);
        if (!ctx.channel().isActive() || !peer.isActive()) {
            frame.release();
            releaseQueued();
            return;
        }
        forward(frame);
        if (type != 'P') {
            endOfCycle();
        }
        while (waitingType == 0 && !queued.isEmpty()) {
            relay(ctx, queued.poll());
        }
        peer.flush();
        if (waitingType == 0 && peer.isWritable()) {
            ctx.read();
        }
    }

    @Override
    protected boolean readPaused() {
        return waitingType != 0;
    }

    private void releaseQueued() {
        ByteBuf frame;
        while ((frame = queued.poll()) != null) {
            frame.release();
        }
    }

    /** A message after which the backend answers ReadyForQuery. */
    private void endOfCycle() {
        session.cycles().onSent();
        session.queryStarted();
    }

    @Override
    protected boolean peerPaused() {
        return session.masking() != null && session.masking().paused();
    }

    @Override
    protected void relayed(long bytes) {
        metrics.bytesFromClient(bytes);
    }

    /** The client went away: end the backend session cleanly rather than leave it to notice a dead socket. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueued();
        if (waitingType != 0) {
            session.clientGoneWhileWaiting();
        }
        if (peer.isActive()) {
            if (session.clientTerminated()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                peer.writeAndFlush(Unpooled.wrappedBuffer(TERMINATE)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client channel of session {} failed: {}", session.identity().subject(), cause.toString());
        ctx.close();
    }
}
