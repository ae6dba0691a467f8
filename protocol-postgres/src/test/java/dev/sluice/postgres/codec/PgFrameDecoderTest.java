package dev.sluice.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.postgres.message.KeyData;
import dev.sluice.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgFrameDecoderTest {
    @Test
    void decodesStartupMessageThenTypedFrames() {
        PgFrameDecoder decoder = PgFrameDecoder.forClient();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", "alice");
        params.put("database", "orders");
        ByteBuf startup = Unpooled.buffer();
        new StartupPacket.StartupMessage(196608, params).encode(startup);
        channel.writeInbound(startup);
        StartupPacket.StartupMessage message = channel.readInbound();
        assertThat(message.parameters()).containsEntry("user", "alice").containsEntry("database", "orders");
        assertThat(message.majorVersion()).isEqualTo(3);

        decoder.startupComplete();
        ByteBuf password = Unpooled.buffer();
        int length = PgWire.beginMessage(password, 'p');
        PgWire.writeCString(password, "token");
        PgWire.endMessage(password, length);
        channel.writeInbound(password);
        ByteBuf frame = channel.readInbound();
        assertThat(PgWire.type(frame)).isEqualTo('p');
        assertThat(frame.readableBytes()).isEqualTo(1 + 4 + 6);
        frame.release();
    }

    @Test
    void framesMessagesSplitAcrossReadsAndSeveralInOneRead() {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forBackend());
        ByteBuf bytes = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            int length = PgWire.beginMessage(bytes, 'D');
            bytes.writeShort(1).writeInt(3).writeBytes(new byte[] {'a', 'b', 'c'});
            PgWire.endMessage(bytes, length);
        }
        channel.writeInbound(bytes.readRetainedSlice(7));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(bytes.readRetainedSlice(bytes.readableBytes()));
        for (int i = 0; i < 3; i++) {
            ByteBuf frame = channel.readInbound();
            assertThat(frame.readableBytes()).isEqualTo(14);
            frame.release();
        }
        bytes.release();
    }

    @Test
    void framesAMessageCutAcrossManyReadsByteByByte() {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forBackend());
        ByteBuf bytes = Unpooled.buffer();
        int length = PgWire.beginMessage(bytes, 'D');
        bytes.writeShort(1).writeInt(5).writeBytes("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 5);
        PgWire.endMessage(bytes, length);
        ByteBuf expected = bytes.copy();
        while (bytes.isReadable()) {
            channel.writeInbound(bytes.readRetainedSlice(1));
        }
        ByteBuf frame = channel.readInbound();
        assertThat(frame).isEqualTo(expected);
        assertThat((Object) channel.readInbound()).isNull();
        frame.release();
        expected.release();
        bytes.release();
    }

    @Test
    void readBuffersAreReleasedOnceTheirFramesAre() {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forBackend());
        ByteBuf read = Unpooled.buffer();
        for (int i = 0; i < 2; i++) {
            int length = PgWire.beginMessage(read, 'C');
            PgWire.writeCString(read, "SELECT 1");
            PgWire.endMessage(read, length);
        }
        channel.writeInbound(read);
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        assertThat(read.refCnt()).isEqualTo(2);
        first.release();
        second.release();
        assertThat(read.refCnt()).isZero();
    }

    @Test
    void decodesSslAndCancelRequests() {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forClient());
        channel.writeInbound(Unpooled.buffer().writeInt(8).writeInt(StartupPacket.SSL_REQUEST_CODE));
        assertThat((Object) channel.readInbound()).isInstanceOf(StartupPacket.SslRequest.class);
        channel.writeInbound(Unpooled.buffer().writeInt(16).writeInt(StartupPacket.CANCEL_REQUEST_CODE).writeInt(42).writeInt(7));
        StartupPacket.CancelRequest cancel = channel.readInbound();
        assertThat(cancel.key()).isEqualTo(new KeyData(42, 7));
        assertThat(cancel.key().toString()).doesNotContain("7]").contains("****");
    }

    @Test
    void refusesOversizedStartupPacketBeforeAuthentication() {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forClient());
        ByteBuf huge = Unpooled.buffer().writeInt(PgFrameDecoder.MAX_STARTUP_PACKET_LENGTH + 1).writeInt(196608);
        assertThatThrownBy(() -> channel.writeInbound(huge))
                .isInstanceOf(PgProtocolException.class).hasMessageContaining("invalid startup packet length");
    }

    @Test
    void refusesOversizedMessageBeforeAuthentication() {
        PgFrameDecoder decoder = PgFrameDecoder.forClient();
        decoder.startupComplete();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        ByteBuf big = Unpooled.buffer().writeByte('p').writeInt(PgFrameDecoder.MAX_PRE_AUTH_MESSAGE_LENGTH + 1);
        assertThatThrownBy(() -> channel.writeInbound(big)).hasMessageContaining("invalid length");
    }

    @Test
    void refusesUnknownProtocolVersion() {
        EmbeddedChannel channel = new EmbeddedChannel(PgFrameDecoder.forClient());
        ByteBuf v2 = Unpooled.buffer().writeInt(9).writeInt(2 << 16).writeByte(0);
        assertThatThrownBy(() -> channel.writeInbound(v2)).hasMessageContaining("unsupported frontend protocol 2.0");
    }
}
