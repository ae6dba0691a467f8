package dev.sluice.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.BackendTlsMode;
import dev.sluice.core.config.ListenerTlsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS server built by {@link ListenerTls} and real clients built by {@link BackendTls}. */
class TlsRoundTripTest {
    @TempDir
    static Path dataDirectory;

    private static EventLoopGroup group;
    private static Channel server;
    private static InetSocketAddress address;
    private static Path generatedCertificate;

    @BeforeAll
    static void startEchoServer() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        SslContext serverContext = ListenerTls.serverContext(ListenerTlsConfig.SELF_SIGNED, dataDirectory);
        generatedCertificate = dataDirectory.resolve("tls/listener.crt");
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(serverContext.newHandler(channel.alloc()), new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
                                ctx.writeAndFlush(message.retainedDuplicate());
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        address = (InetSocketAddress) server.localAddress();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @Test
    void verifyFullAcceptsTheGeneratedCertificateForItsLoopbackNames() throws Exception {
        SslContext client = BackendTls.clientContext(BackendTlsMode.VERIFY_FULL, generatedCertificate);

        assertThat(echo(client, "127.0.0.1", BackendTlsMode.VERIFY_FULL, "hello")).isEqualTo("hello");
        assertThat(echo(client, "localhost", BackendTlsMode.VERIFY_FULL, "again")).isEqualTo("again");
    }

    @Test
    void verifyFullRefusesAHostNameTheCertificateDoesNotName() throws Exception {
        SslContext client = BackendTls.clientContext(BackendTlsMode.VERIFY_FULL, generatedCertificate);

        assertThatThrownBy(() -> echo(client, "db.example.com", BackendTlsMode.VERIFY_FULL, "hello"))
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                .hasStackTraceContaining("db.example.com");
    }

    @Test
    void verifyFullWithTheJdkTrustStoreRefusesASelfSignedCertificate() throws Exception {
        SslContext client = BackendTls.clientContext(BackendTlsMode.VERIFY_FULL, null);

        assertThatThrownBy(() -> echo(client, "localhost", BackendTlsMode.VERIFY_FULL, "hello"))
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificate() throws Exception {
        SslContext client = BackendTls.clientContext(BackendTlsMode.REQUIRE, null);

        assertThat(echo(client, "db.example.com", BackendTlsMode.REQUIRE, "hello")).isEqualTo("hello");
    }

    @Test
    void disableMeansNoTlsContext() throws Exception {
        assertThat(BackendTls.clientContext(BackendTlsMode.DISABLE, null)).isNull();
    }

    @Test
    void configuredCertificateFilesAreServed() throws Exception {
        ListenerTlsConfig files = GeneratedListenerCertificate.ensure(dataDirectory.resolve("elsewhere"));

        assertThat(ListenerTls.serverContext(files, dataDirectory).isServer()).isTrue();
    }

    /** Connects, completes the handshake as {@code host}, sends {@code text} and returns what comes back. */
    private static String echo(SslContext context, String host, BackendTlsMode mode, String text) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(BackendTls.newHandler(context, channel.alloc(), host, address.getPort(), mode),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
                                        reply.complete(message.toString(StandardCharsets.UTF_8));
                                    }
                                });
                    }
                })
                .connect(address).sync().channel();
        try {
            io.netty.util.concurrent.Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
            if (!handshake.await(10, TimeUnit.SECONDS) || !handshake.isSuccess()) {
                throw new IllegalStateException("handshake as " + host + " failed", handshake.cause());
            }
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).sync();
            return reply.get(10, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();
        }
    }
}
