package dev.sluice.core.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one aggregated admin request: a built-in endpoint, a registered route, or an error. */
@ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final PrometheusMeterRegistry registry;
    private final List<ReadinessCheck> readinessChecks;
    private final Map<String, AdminRoute> routes;

    AdminHttpHandler(PrometheusMeterRegistry registry, List<ReadinessCheck> readinessChecks, Map<String, AdminRoute> routes) {
        this.registry = registry;
        this.readinessChecks = readinessChecks;
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            send(ctx, request, AdminResponse.error(400, "bad request", Map.of()), false, true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        AdminResponse response;
        try {
            response = answer(request, uri, path);
        } catch (Exception e) {
            log.warn("Admin request {} {} failed", request.method(), path, e);
            response = AdminResponse.error(500, "internal error", Map.of("path", path));
        }
        if (response.events() != null) {
            ServerSentEvents.start(ctx, response.events());
            return;
        }
        send(ctx, request, response, AdminServer.BUILT_IN_PATHS.contains(path), false);
    }

    private AdminResponse answer(FullHttpRequest request, QueryStringDecoder uri, String path) throws Exception {
        if (AdminServer.BUILT_IN_PATHS.contains(path)) {
            if (!request.method().equals(HttpMethod.GET)) {
                return AdminResponse.error(405, "method not allowed", Map.of("method", request.method().name(), "allowed", List.of("GET")));
            }
            return switch (path) {
                case "/healthz" -> AdminResponse.json(200, Map.of("status", "ok"));
                case "/readyz" -> readiness();
                default -> AdminResponse.text(200, PROMETHEUS_TEXT, registry.scrape());
            };
        }
        AdminRoute route = routeFor(path);
        if (route == null) {
            return AdminResponse.error(404, "not found", Map.of("path", path));
        }
        return route.handle(toAdminRequest(request, uri, path));
    }

    private AdminResponse readiness() {
        boolean allReady = true;
        List<Map<String, Object>> checks = new ArrayList<>();
        for (ReadinessCheck check : readinessChecks) {
            Readiness readiness;
            try {
                readiness = check.check();
            } catch (RuntimeException e) {
                log.warn("Readiness check {} failed", check.name(), e);
                readiness = Readiness.notReady("check failed (" + e.getClass().getSimpleName() + ")");
            }
            allReady &= readiness.ready();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", check.name());
            entry.put("ready", readiness.ready());
            entry.put("detail", readiness.detail());
            checks.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allReady ? "ready" : "not ready");
        body.put("checks", checks);
        return AdminResponse.json(allReady ? 200 : 503, body);
    }

    /** The longest registered prefix that is the path itself or a parent of it. */
    private AdminRoute routeFor(String path) {
        String candidate = path;
        while (!candidate.isEmpty()) {
            AdminRoute route = routes.get(candidate);
            if (route != null) {
                return route;
            }
            candidate = candidate.substring(0, Math.max(0, candidate.lastIndexOf('/')));
        }
        return null;
    }

    private static AdminRequest toAdminRequest(FullHttpRequest request, QueryStringDecoder uri, String path) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        return new AdminRequest(request.method().name(), path, uri.parameters(), headers, ByteBufUtil.getBytes(request.content()));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, AdminResponse response, boolean builtIn, boolean close) {
        FullHttpResponse http = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (builtIn && response.status() == 405) {
            http.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
        HttpUtil.setContentLength(http, http.content().readableBytes());
        if (close || !HttpUtil.isKeepAlive(request)) {
            HttpUtil.setKeepAlive(http, false);
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(http);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ReadTimeoutException)) {
            log.debug("Admin connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
