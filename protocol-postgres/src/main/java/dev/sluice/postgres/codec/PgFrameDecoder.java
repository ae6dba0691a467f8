package dev.sluice.postgres.codec;

import dev.sluice.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Frames the byte stream into protocol messages; it decodes nothing but startup packets.
 *
 * <pre>
 * STARTUP: int32 length (self included) | int32 code | body        -> {@link StartupPacket}
 * TYPED:   byte1 type | int32 length (self included, type not) | body -> the whole frame as a ByteBuf
 * </pre>
 *
 * A client stays in STARTUP until its startup message is read; a backend stream is TYPED from the start. Sizes
 * are bounded in both states: before authentication tightly, to stop simple denial-of-service.
 *
 * <p>Frames are retained slices of the buffer each read delivered; only a frame cut by the end of a read is
 * copied, into a buffer of exactly its size. Netty's {@code ByteToMessageDecoder} is not used because its
 * cumulation buffer cannot drop consumed bytes while slices of it are still queued for the peer, and so grows
 * without bound when the peer reads slowly.
 */
public final class PgFrameDecoder extends ChannelInboundHandlerAdapter {
    /** PostgreSQL's own limit on a startup packet. */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10_000;
    /** Before authentication only a password (an access token) is expected. */
    public static final int MAX_PRE_AUTH_MESSAGE_LENGTH = 64 * 1024;
    /** PostgreSQL refuses messages over 1 GiB; so does Sluice. */
    public static final int MAX_MESSAGE_LENGTH = 0x3fff_ffff;

    private enum State { STARTUP, TYPED }

    private State state;
    private int maxMessageLength;
    /** The start of a frame that the previous read cut off, or null. */
    private ByteBuf partial;
    /** The whole size of the frame in {@link #partial}, once its header is complete; else -1. */
    private int partialFrameSize = -1;
    /** The read being framed, while frames of it are passed on. */
    private ByteBuf current;
    private boolean failed;

    private PgFrameDecoder(State state, int maxMessageLength) {
        this.state = state;
        this.maxMessageLength = maxMessageLength;
    }

    /** For a client connection: startup packets first, then small typed messages until authenticated. */
    public static PgFrameDecoder forClient() {
        return new PgFrameDecoder(State.STARTUP, MAX_PRE_AUTH_MESSAGE_LENGTH);
    }

    /** For a backend connection: typed messages only. */
    public static PgFrameDecoder forBackend() {
        return new PgFrameDecoder(State.TYPED, MAX_MESSAGE_LENGTH);
    }

    /** Called once the startup message has been read: typed messages follow. */
    public void startupComplete() {
        state = State.TYPED;
    }

    /** Called once the client is authenticated: messages up to PostgreSQL's own limit are accepted. */
    public void authenticated() {
        maxMessageLength = MAX_MESSAGE_LENGTH;
    }

    /** Bytes received but not yet passed on; a client must not send any after an SSLRequest. */
    public int bufferedBytes() {
        return (partial == null ? 0 : partial.readableBytes()) + (current == null ? 0 : current.readableBytes());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            in.release();
            return;
        }
        current = in;
        try {
            if (partial != null) {
                completePartial(ctx, in);
            }
            while (partial == null && in.isReadable() && !failed && ctx.channel().isOpen()) {
                int size = frameSize(in, in.readerIndex(), in.readableBytes());
                if (size < 0 || in.readableBytes() < size) {
                    partial = ctx.alloc().buffer(size < 0 ? headerLength() : size);
                    partialFrameSize = size;
                    completePartial(ctx, in);
                } else {
                    emit(ctx, in.readRetainedSlice(size));
                }
            }
        } catch (PgProtocolException e) {
            failed = true;
            releasePartial();
            throw e;
        } finally {
            current = null;
            in.release();
        }
    }

    /** Moves bytes of {@code in} into the partial frame; passes it on once whole. */
    private void completePartial(ChannelHandlerContext ctx, ByteBuf in) {
        if (partialFrameSize < 0) {
            int missingHeader = headerLength() - partial.readableBytes();
            partial.writeBytes(in, Math.min(missingHeader, in.readableBytes()));
            if (partial.readableBytes() < headerLength()) {
                return;
            }
            partialFrameSize = frameSize(partial, partial.readerIndex(), partial.readableBytes());
            partial.ensureWritable(partialFrameSize - partial.readableBytes());
        }
        partial.writeBytes(in, Math.min(partialFrameSize - partial.readableBytes(), in.readableBytes()));
        if (partial.readableBytes() == partialFrameSize) {
            ByteBuf frame = partial;
            partial = null;
            partialFrameSize = -1;
            emit(ctx, frame);
        }
    }

    private int headerLength() {
        return state == State.STARTUP ? 4 : 5;
    }

    /** The whole size of the frame starting at {@code index}, or -1 while its header is incomplete. */
    private int frameSize(ByteBuf buf, int index, int readable) {
        if (state == State.STARTUP) {
            if (readable < 4) {
                return -1;
            }
            int length = buf.getInt(index);
            if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
                throw new PgProtocolException("invalid startup packet length " + length);
            }
            return length;
        }
        if (readable < 5) {
            return -1;
        }
        int length = buf.getInt(index + 1);
        if (length < 4 || length > maxMessageLength) {
            throw new PgProtocolException("invalid length " + length + " for message type '" + (char) buf.getByte(index) + "'");
        }
        return length + 1;
    }

    private void emit(ChannelHandlerContext ctx, ByteBuf frame) {
        if (state == State.STARTUP) {
            try {
                ctx.fireChannelRead(StartupPacket.decodePacket(frame.skipBytes(4)));
            } finally {
                frame.release();
            }
        } else {
            ctx.fireChannelRead(frame);
        }
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
            partialFrameSize = -1;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }
}
