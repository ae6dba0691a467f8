package dev.sluice.postgres.codec;

import dev.sluice.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames the byte stream into protocol messages; it decodes nothing but startup packets.
 *
 * <pre>
 * STARTUP: int32 length (self included) | int32 code | body        -> {@link StartupPacket}
 * TYPED:   byte1 type | int32 length (self included, type not) | body -> the whole frame as a retained ByteBuf
 * </pre>
 *
 * A client stays in STARTUP until its startup message is read; a backend stream is TYPED from the start.
 * Sizes are bounded in both states: before authentication tightly, to stop simple denial-of-service.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {
    /** PostgreSQL's own limit on a startup packet. */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10_000;
    /** Before authentication only a password (an access token) is expected. */
    public static final int MAX_PRE_AUTH_MESSAGE_LENGTH = 64 * 1024;
    /** PostgreSQL refuses messages over 1 GiB; so does Sluice. */
    public static final int MAX_MESSAGE_LENGTH = 0x3fff_ffff;

    private enum State { STARTUP, TYPED }

    private State state;
    private int maxMessageLength;

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

    /** Bytes received but not yet framed; a client must not send any after an SSLRequest. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.STARTUP) {
            decodeStartup(in, out);
        } else {
            decodeTyped(in, out);
        }
    }

    private void decodeStartup(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
            in.skipBytes(in.readableBytes());
            throw new PgProtocolException("invalid startup packet length " + length);
        }
        if (in.readableBytes() < length) {
            return;
        }
        ByteBuf packet = in.readSlice(length);
        packet.skipBytes(4);
        out.add(StartupPacket.decodePacket(packet));
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 5) {
            int length = in.getInt(in.readerIndex() + 1);
            if (length < 4 || length > maxMessageLength) {
                char type = (char) in.getByte(in.readerIndex());
                in.skipBytes(in.readableBytes());
                throw new PgProtocolException("invalid length " + length + " for message type '" + type + "'");
            }
            if (in.readableBytes() < length + 1) {
                return;
            }
            out.add(in.readRetainedSlice(length + 1));
        }
    }
}
