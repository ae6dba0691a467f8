package dev.sluice.postgres.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Forwards framed messages from its channel to the peer channel, both on one event loop. Backpressure without
 * buffers: auto-read is off, and the next read is asked for only once the peer is writable again, so at most
 * one read batch plus the peer's write buffer (bounded by its high water mark) is ever held.
 */
public abstract class RelayHandler extends ChannelInboundHandlerAdapter {
    protected final Channel peer;
    private long bytesInBatch;

    protected RelayHandler(Channel peer) {
        this.peer = peer;
    }

    /** Called for each frame; forward it with {@link #forward}, answer it, or drop it (then release it). */
    protected abstract void onFrame(ChannelHandlerContext ctx, ByteBuf frame);

    /** True while the peer's handler must not be asked to read (see {@link #readPaused}). */
    protected boolean peerPaused() {
        return false;
    }

    /** Called once per read batch with the bytes its frames held, for metrics. */
    protected abstract void relayed(long bytes);

    protected final void forward(ByteBuf frame) {
        peer.write(frame, peer.voidPromise());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        bytesInBatch += frame.readableBytes();
        onFrame(ctx, frame);
    }

    /** True while the handler waits for something before it can take more frames; reading resumes on its own. */
    protected boolean readPaused() {
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        relayed(bytesInBatch);
        bytesInBatch = 0;
        peer.flush();
        if (peer.isWritable() && !readPaused()) {
            ctx.read();
        }
    }

    /** Our channel drained below its low water mark: let the peer read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !peerPaused()) {
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
