package dev.sluice.postgres.frontend;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.SqlState;
import dev.sluice.postgres.relay.RelayHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Backend to client: forwards every message; hides the backend's user name; measures query latency. */
final class BackendRelayHandler extends RelayHandler {
    private static final Logger log = LoggerFactory.getLogger(BackendRelayHandler.class);

    private final PostgresSession session;
    private final PostgresMetrics metrics;

    BackendRelayHandler(PostgresSession session, PostgresMetrics metrics) {
        super(session.client());
        this.session = session;
        this.metrics = metrics;
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        switch (PgWire.type(frame)) {
            case 'Z' -> {
                session.refusals().onBackendReady();
                session.queryFinished();
            }
            case 'E' -> {
                forward(session.refusals().onBackendError(frame, ctx.alloc()));
                return;
            }
            case 'S' -> {
                forward(StartupReplies.hideBackendUser(frame, session.backendUser(), session.clientUser(), ctx.alloc()));
                return;
            }
            default -> { }
        }
        forward(frame);
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
