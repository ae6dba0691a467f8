package dev.sluice.postgres.frontend;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.relay.RelayHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Client to backend, after authentication: forwards every message, noting queries and Terminate. */
final class ClientRelayHandler extends RelayHandler {
    private static final Logger log = LoggerFactory.getLogger(ClientRelayHandler.class);
    private static final byte[] TERMINATE = {'X', 0, 0, 0, 4};

    private final PostgresSession session;
    private final PostgresMetrics metrics;

    ClientRelayHandler(PostgresSession session, PostgresMetrics metrics) {
        super(session.backend());
        this.session = session;
        this.metrics = metrics;
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf forwarded = frame;
        if (session.masking() != null) {
            session.masking().onClientMessage(frame);
        }
        switch (PgWire.type(frame)) {
            case 'Q' -> {
                forwarded = session.gate().query(frame, ctx.alloc());
                endOfCycle();
            }
            case 'P' -> forwarded = session.gate().parse(frame, ctx.alloc());
            case 'F' -> {
                forwarded = session.gate().functionCall(frame, ctx.alloc());
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
