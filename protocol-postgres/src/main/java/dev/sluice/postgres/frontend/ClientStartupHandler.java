package dev.sluice.postgres.frontend;

import dev.sluice.core.server.GatewayContext;
import dev.sluice.core.identity.AccessToken;
import dev.sluice.postgres.backend.BackendCanceller;
import dev.sluice.postgres.backend.BackendEndpoint;
import dev.sluice.postgres.backend.BackendLogin;
import dev.sluice.postgres.backend.BackendSession;
import dev.sluice.postgres.codec.PgFrameDecoder;
import dev.sluice.postgres.codec.PgProtocolException;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.core.audit.SessionIds;
import dev.sluice.core.audit.SessionRecording;
import dev.sluice.core.audit.SessionStart;
import dev.sluice.policy.ConnectRequest;
import dev.sluice.policy.RecordingLevel;
import dev.sluice.postgres.record.SessionRecorder;
import java.time.Instant;
import dev.sluice.policy.mask.MaskPlan;
import dev.sluice.postgres.enforce.Approvals;
import dev.sluice.postgres.enforce.SessionPolicy;
import dev.sluice.postgres.mask.CatalogLookup;
import dev.sluice.postgres.mask.ResultMasking;
import dev.sluice.postgres.relay.Cycles;
import dev.sluice.postgres.message.BackendMessages;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.KeyData;
import dev.sluice.postgres.message.SqlState;
import dev.sluice.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection from its first byte until relaying starts: TLS negotiation, the startup message, the
 * access token as password, admission, the backend login, and the hand-over of the backend's startup replies.
 */
final class ClientStartupHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientStartupHandler.class);
    /**
     * Startup parameters passed on to the backend. Others are dropped: any setting could otherwise be given at
     * startup, read-only mode among them. {@code options} passes only to sessions that are not read-only.
     */
    private static final java.util.Set<String> FORWARDED = java.util.Set.of("application_name", "client_encoding",
            "DateStyle", "TimeZone", "IntervalStyle", "extra_float_digits", "search_path", "options");

    private enum State { AWAIT_STARTUP, AWAIT_PASSWORD, ADMITTING, CLOSING }

    private final PostgresFrontend frontend;
    private final PgFrameDecoder decoder;
    private State state = State.AWAIT_STARTUP;
    private boolean tls;
    private StartupPacket.StartupMessage startup;
    private String connectionName;

    ClientStartupHandler(PostgresFrontend frontend, PgFrameDecoder decoder) {
        this.frontend = frontend;
        this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.AWAIT_STARTUP && msg instanceof StartupPacket packet) {
                onStartupPacket(ctx, packet);
            } else if (state == State.AWAIT_PASSWORD && msg instanceof ByteBuf frame) {
                onPassword(ctx, frame);
            } else if (state != State.CLOSING) {
                refuse(ctx, ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message during startup"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onStartupPacket(ChannelHandlerContext ctx, StartupPacket packet) {
        if (packet instanceof StartupPacket.SslRequest) {
            negotiateTls(ctx);
        } else if (packet instanceof StartupPacket.GssEncRequest) {
            ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
        } else if (packet instanceof StartupPacket.CancelRequest cancel) {
            forwardCancel(ctx, cancel.key());
        } else if (packet instanceof StartupPacket.StartupMessage message) {
            onStartupMessage(ctx, message);
        }
    }

    /** Answers 'S' and starts TLS, or 'N' when this listener has none. Bytes sent ahead of the handshake are refused. */
    private void negotiateTls(ChannelHandlerContext ctx) {
        if (tls || frontend.sslContext() == null) {
            ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
            return;
        }
        if (decoder.bufferedBytes() > 0) {
            refuse(ctx, ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "received unencrypted data after SSL request"));
            return;
        }
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('S'));
        ctx.pipeline().addFirst("tls", frontend.sslContext().newHandler(ctx.alloc()));
        tls = true;
    }

    private void forwardCancel(ChannelHandlerContext ctx, KeyData key) {
        state = State.CLOSING;
        frontend.cancels().lookup(key).ifPresentOrElse(target -> {
            target.localCancel().run();
            BackendCanceller.cancel(ctx.channel().eventLoop(), target.endpoint(), target.backendKey());
            frontend.metrics().cancel(true);
        }, () -> frontend.metrics().cancel(false));
        ctx.close();
    }

    private void onStartupMessage(ChannelHandlerContext ctx, StartupPacket.StartupMessage message) {
        startup = message;
        List<String> unsupportedOptions = message.parameters().keySet().stream().filter(k -> k.startsWith("_pq_.")).toList();
        if (message.minorVersion() > 0 || !unsupportedOptions.isEmpty()) {
            ByteBuf out = ctx.alloc().buffer();
            BackendMessages.negotiateProtocolVersion(out, 0, unsupportedOptions);
            ctx.write(out);
        }
        if (!tls && !frontend.allowPlaintext()) {
            refuse(ctx, ErrorResponse.fatal(SqlState.INVALID_AUTHORIZATION,
                    "Sluice accepts only TLS connections on this listener").withHint("connect with sslmode=require or verify-full"));
            return;
        }
        String replication = message.parameters().get("replication");
        if (replication != null && !replication.equalsIgnoreCase("false") && !replication.equals("0")
                && !replication.equalsIgnoreCase("off") && !replication.equalsIgnoreCase("no")) {
            refuse(ctx, ErrorResponse.fatal(SqlState.FEATURE_NOT_SUPPORTED, "replication connections are not supported through Sluice"));
            return;
        }
        String user = message.parameters().get("user");
        if (user == null || user.isEmpty()) {
            refuse(ctx, ErrorResponse.fatal(SqlState.INVALID_AUTHORIZATION, "no user name given in the startup message"));
            return;
        }
        connectionName = message.parameters().getOrDefault("database", user);
        decoder.startupComplete();
        state = State.AWAIT_PASSWORD;
        ByteBuf out = ctx.alloc().buffer();
        BackendMessages.authenticationCleartextPassword(out);
        ctx.writeAndFlush(out);
    }

    private void onPassword(ChannelHandlerContext ctx, ByteBuf frame) {
        if (PgWire.type(frame) != 'p') {
            refuse(ctx, ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "expected a password message"));
            return;
        }
        String token = PgWire.readCString(frame.duplicate().skipBytes(5));
        if (token.isEmpty()) {
            refuse(ctx, ErrorResponse.fatal(SqlState.INVALID_PASSWORD, "an access token is required as the password"));
            return;
        }
        state = State.ADMITTING;
        ctx.channel().config().setAutoRead(false);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        CompletableFuture
                .supplyAsync(() -> admit(new AccessToken(token), remote), frontend.context().blockingExecutor())
                .whenComplete((outcome, failure) -> ctx.executor().execute(() -> admitted(ctx, outcome, failure)));
    }

    private Object admit(AccessToken token, InetSocketAddress remote) {
        try {
            return frontend.gatekeeper().admit(token, remote.getAddress(), connectionName);
        } catch (Refusal refusal) {
            return refusal;
        }
    }

    private void admitted(ChannelHandlerContext ctx, Object outcome, Throwable failure) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (failure != null || outcome instanceof Refusal) {
            Refusal refusal = outcome instanceof Refusal r ? r : new Refusal(Refusal.Stage.AUTHENTICATION,
                    SqlState.INTERNAL_ERROR, "internal error while admitting the session", "internal_error");
            if (refusal.stage() == Refusal.Stage.AUTHENTICATION) {
                frontend.metrics().authentication("failure", refusal.reason());
            } else {
                frontend.metrics().authentication("success", "ok");
                frontend.metrics().sessionOpened(refusal.reason());
            }
            refuse(ctx, ErrorResponse.fatal(refusal.sqlState(), refusal.getMessage()));
            return;
        }
        Admission admission = (Admission) outcome;
        frontend.metrics().authentication("success", "ok");
        BackendEndpoint endpoint = frontend.endpoint(admission.connection().name());
        BackendLogin login = new BackendLogin(admission.connection().credentials().username(),
                admission.connection().backend().database(), admission.backendPassword().reveal(),
                forwardedParameters(admission.readOnly()));
        frontend.connector().connect(ctx.channel().eventLoop(), endpoint, login)
                .addListener((Future<BackendSession> f) -> backendReady(ctx, admission, endpoint, f));
    }

    private Map<String, String> forwardedParameters(boolean readOnly) {
        Map<String, String> forwarded = new LinkedHashMap<>(startup.parameters());
        forwarded.keySet().retainAll(FORWARDED);
        if (readOnly) {
            forwarded.remove("options");
            forwarded.put("default_transaction_read_only", "on");
        }
        return forwarded;
    }

    private void backendReady(ChannelHandlerContext ctx, Admission admission, BackendEndpoint endpoint, Future<BackendSession> f) {
        String subject = admission.identity().subject();
        if (!f.isSuccess()) {
            log.warn("connection {} unavailable for {}: {}", connectionName, subject, f.cause().getMessage());
            frontend.metrics().sessionOpened("backend_unavailable");
            refuse(ctx, ErrorResponse.fatal(SqlState.UNABLE_TO_CONNECT, "connection \"" + connectionName
                    + "\" is unavailable right now").withHint("the gateway log has the cause; try again later"));
            return;
        }
        BackendSession backend = f.getNow();
        if (!ctx.channel().isActive()) {
            backend.startupMessages().forEach(ByteBuf::release);
            backend.channel().close();
            return;
        }
        Approvals approvals = approvals(admission);
        KeyData clientKey = frontend.cancels().register(new CancelRegistry.Target(backend.key(), endpoint,
                approvals == null ? () -> { } : approvals::withdrawHeld));
        CatalogLookup catalog = frontend.catalogs().get(connectionName);
        Cycles cycles = new Cycles();
        ResultMasking masking = masking(admission, catalog, cycles);
        String clientUser = startup.parameters().get("user");
        SessionPolicy policy = new SessionPolicy(frontend.context().operationPolicy(), frontend.classifier(),
                admission.identity(), connectionName, catalog == null ? () -> { } : catalog::invalidate);
        if (admission.grant() != null) {
            policy.startedUnder(admission.grant());
        }
        PostgresSession session = new PostgresSession(admission.identity(), connectionName, ctx.channel().remoteAddress(),
                clientUser, admission.connection().credentials().username(), ctx.channel(), backend.channel(), clientKey,
                frontend.cancels(), frontend.metrics(), policy, cycles, masking, recorder(admission, masking, cycles, ctx),
                approvals);
        writeStartupReplies(ctx, backend, clientKey, session);
        if (admission.grant() != null && frontend.grantedSessions() != null) {
            frontend.grantedSessions().bind(admission.grant().grant(), session);
        }
        frontend.metrics().sessionOpened("allowed");
        log.info("session started: subject={} groups={} connection={} rule={} read_only={} client={} application={}", subject,
                admission.identity().groups(), connectionName, admission.rule(), admission.readOnly(), ctx.channel().remoteAddress(),
                startup.parameters().getOrDefault("application_name", ""));
        decoder.authenticated();
        ctx.pipeline().remove(ReadTimeouts.NAME);
        backend.channel().pipeline().addLast("relay", new BackendRelayHandler(session, frontend.metrics()));
        ctx.pipeline().replace(this, "relay", new ClientRelayHandler(session, frontend.metrics()));
    }

    /** What resolves the session's held statements and grant uses; null without an access service. */
    private Approvals approvals(Admission admission) {
        GatewayContext context = frontend.context();
        if (context.access() == null) {
            return null;
        }
        return new Approvals(context.access(), frontend.answers(), admission.identity(), connectionName,
                context.blockingExecutor(), context.config().access().holdTimeout());
    }

    /** The session's recording, or null when its policy records nothing. */
    private SessionRecorder recorder(Admission admission, ResultMasking masking, Cycles cycles, ChannelHandlerContext ctx) {
        ConnectRequest request = new ConnectRequest(admission.identity().subject(), admission.identity().groups(),
                connectionName, "postgres");
        RecordingLevel level = frontend.context().recordingPolicy().levelFor(request);
        if (level == RecordingLevel.NONE) {
            return null;
        }
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        SessionRecording recording = frontend.context().recorder().open(new SessionStart(SessionIds.next(),
                admission.identity().subject(), admission.identity().groups().stream().sorted().toList(),
                admission.identity().issuer(), client.getAddress().getHostAddress() + ":" + client.getPort(), connectionName,
                "postgres", startup.parameters().get("application_name"), Instant.now()));
        MaskPlan plan = masking == null ? MaskPlan.NONE : masking.plan();
        return new SessionRecorder(recording, level, plan, masking == null ? null : masking.counts(),
                admission.connection().requireRecording(), cycles, ctx.executor());
    }

    /** The masking of this session's results, or null when its policy masks nothing. */
    private ResultMasking masking(Admission admission, CatalogLookup catalog, Cycles cycles) {
        MaskPlan plan = frontend.context().maskPolicy().planFor(new ConnectRequest(admission.identity().subject(),
                admission.identity().groups(), connectionName, "postgres"));
        return plan.isEmpty() ? null : new ResultMasking(plan, catalog, cycles);
    }

    private void writeStartupReplies(ChannelHandlerContext ctx, BackendSession backend, KeyData clientKey, PostgresSession session) {
        ByteBuf ok = ctx.alloc().buffer();
        BackendMessages.authenticationOk(ok);
        ctx.write(ok);
        List<ByteBuf> replies = new ArrayList<>(backend.startupMessages());
        for (ByteBuf reply : replies) {
            ctx.write(PgWire.type(reply) == 'S'
                    ? StartupReplies.hideBackendUser(reply, session.backendUser(), session.clientUser(), ctx.alloc())
                    : reply);
        }
        ByteBuf tail = ctx.alloc().buffer();
        BackendMessages.backendKeyData(tail, clientKey);
        int length = PgWire.beginMessage(tail, 'Z');
        tail.writeByte(backend.transactionStatus());
        PgWire.endMessage(tail, length);
        ctx.writeAndFlush(tail);
    }

    private void refuse(ChannelHandlerContext ctx, ErrorResponse error) {
        state = State.CLOSING;
        ByteBuf out = ctx.alloc().buffer();
        error.encode(out);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() instanceof PgProtocolException ? cause.getCause() : cause;
        if (root instanceof PgProtocolException protocol && state != State.CLOSING) {
            refuse(ctx, ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, protocol.getMessage()));
        } else if (root instanceof ReadTimeoutException) {
            log.info("client {} did not complete startup in time", ctx.channel().remoteAddress());
            if (state != State.CLOSING) {
                refuse(ctx, ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "startup not completed in time"));
            }
        } else {
            log.debug("client {} failed during startup: {}", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
        }
    }
}
