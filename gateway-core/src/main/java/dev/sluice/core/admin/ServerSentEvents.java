package dev.sluice.core.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams server-sent events on an admin connection: chunked {@code text/event-stream}, one
 * {@code event:}/{@code data:} block per event. Writes apply backpressure by dropping the stream when the client
 * stops reading (its write buffer stays unwritable), so a slow follower never holds memory.
 */
final class ServerSentEvents implements EventSink {
    private final Channel channel;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final CopyOnWriteArrayList<Runnable> onClose = new CopyOnWriteArrayList<>();

    private ServerSentEvents(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(f -> ended());
    }

    static void start(ChannelHandlerContext ctx, EventStream stream) {
        ReadTimeoutHandler timeout = ctx.pipeline().get(ReadTimeoutHandler.class);
        if (timeout != null) {
            ctx.pipeline().remove(timeout);
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, AdminResponse.EVENT_STREAM + "; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        stream.start(new ServerSentEvents(ctx.channel()));
    }

    @Override
    public boolean send(String event, String data) {
        if (!open.get() || !channel.isActive()) {
            return false;
        }
        StringBuilder block = new StringBuilder(data.length() + 32).append("event: ").append(event).append('\n');
        for (String line : data.split("\n", -1)) {
            block.append("data: ").append(line).append('\n');
        }
        block.append('\n');
        ByteBuf bytes = Unpooled.copiedBuffer(block, StandardCharsets.UTF_8);
        if (!channel.isWritable()) {
            bytes.release();
            close();
            return false;
        }
        channel.writeAndFlush(new DefaultHttpContent(bytes));
        return true;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            onClose.forEach(Runnable::run);
        }
    }

    private void ended() {
        if (open.compareAndSet(true, false)) {
            onClose.forEach(Runnable::run);
        }
    }

    @Override
    public boolean isOpen() {
        return open.get() && channel.isActive();
    }

    @Override
    public void onClose(Runnable action) {
        onClose.add(action);
        if (!open.get()) {
            action.run();
        }
    }
}
