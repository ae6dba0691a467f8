package dev.sluice.postgres.frontend;

import dev.sluice.core.identity.Identity;
import dev.sluice.postgres.enforce.Approvals;
import dev.sluice.postgres.enforce.Refusals;
import dev.sluice.postgres.enforce.SessionPolicy;
import dev.sluice.postgres.enforce.StatementGate;
import dev.sluice.postgres.mask.ResultMasking;
import dev.sluice.postgres.relay.Cycles;
import dev.sluice.postgres.record.SessionRecorder;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.KeyData;
import dev.sluice.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed client session: who, to which connection, over which channels. Confined to the event loop both
 * channels share, so it needs no locks.
 */
public final class PostgresSession {
    private static final Logger log = LoggerFactory.getLogger(PostgresSession.class);
    /** Query start times kept for latency; beyond this many outstanding, further ones go unmeasured. */
    static final int MAX_TIMED_QUERIES = 1024;

    private final Identity identity;
    private final String connection;
    private final SocketAddress clientAddress;
    private final String clientUser;
    private final String backendUser;
    private final Channel client;
    private final Channel backend;
    private final KeyData clientKey;
    private final CancelRegistry cancels;
    private final PostgresMetrics metrics;
    private final Cycles cycles;
    private final Refusals refusals;
    private final StatementGate gate;
    private final ResultMasking masking;
    private final SessionRecorder recorder;
    private final Instant started = Instant.now();
    private final long[] queryStarts = new long[MAX_TIMED_QUERIES];
    private int oldestQuery;
    private int timedQueries;
    private int untimedQueries;
    private final Approvals approvals;
    private boolean clientTerminated;
    private boolean ended;
    /** Why Sluice itself ended the session, when it did; recorded instead of the channel's own reason. */
    private String endedBySluice;
    private boolean waiting;

    PostgresSession(Identity identity, String connection, SocketAddress clientAddress, String clientUser, String backendUser,
                    Channel client, Channel backend, KeyData clientKey, CancelRegistry cancels, PostgresMetrics metrics,
                    SessionPolicy policy, Cycles cycles, ResultMasking masking, SessionRecorder recorder, Approvals approvals) {
        this.approvals = approvals;
        this.cycles = cycles;
        this.refusals = new Refusals(cycles);
        this.identity = identity;
        this.connection = connection;
        this.clientAddress = clientAddress;
        this.clientUser = clientUser;
        this.backendUser = backendUser;
        this.client = client;
        this.backend = backend;
        this.clientKey = clientKey;
        this.cancels = cancels;
        this.metrics = metrics;
        this.masking = masking;
        this.recorder = recorder;
        this.gate = new StatementGate(policy, refusals, (action, rule) -> metrics.decisionCounter(connection, action, rule),
                identity.subject(), connection, recorder, approvals);
        metrics.sessionStarted();
        client.closeFuture().addListener(f -> end("client disconnected"));
        backend.closeFuture().addListener(f -> end("backend disconnected"));
    }

    public Identity identity() {
        return identity;
    }

    public String connection() {
        return connection;
    }

    /** The user name the client gave at startup; shown to it wherever the backend would name its own user. */
    String clientUser() {
        return clientUser;
    }

    String backendUser() {
        return backendUser;
    }

    /** Null when the session is not recorded. */
    SessionRecorder recorder() {
        return recorder;
    }

    /** Null when the session's results are not masked. */
    ResultMasking masking() {
        return masking;
    }

    StatementGate gate() {
        return gate;
    }

    Cycles cycles() {
        return cycles;
    }

    Refusals refusals() {
        return refusals;
    }

    Channel client() {
        return client;
    }

    Channel backend() {
        return backend;
    }

    boolean clientTerminated() {
        return clientTerminated;
    }

    void clientTerminating() {
        clientTerminated = true;
    }

    /** Whether a client message waits for approval or a grant; the client is not read meanwhile. */
    boolean waiting() {
        return waiting;
    }

    void waiting(boolean now) {
        waiting = now;
    }

    /** The client left while a message waited: its approval request is withdrawn. */
    void clientGoneWhileWaiting() {
        if (approvals != null) {
            approvals.withdrawHeld();
        }
    }

    /**
     * Ends the session because the grant it ran under ended: the client gets a FATAL error saying so, the backend
     * session is closed, and the recording ends with {@code reason}. On the event loop.
     */
    void endUnderGrant(String reason) {
        if (ended || endedBySluice != null) {
            return;
        }
        endedBySluice = reason;
        log.info("ending session: subject={} connection={} reason=\"{}\"", identity.subject(), connection, reason);
        if (client.isActive()) {
            ByteBuf error = client.alloc().buffer();
            ErrorResponse.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection: " + reason)
                    .withHint("request access again with sluice request").encode(error);
            client.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        }
        backend.close();
    }

    /** A Query or Sync went to the backend: a ReadyForQuery will answer it. */
    void queryStarted() {
        if (timedQueries == MAX_TIMED_QUERIES) {
            untimedQueries++;
            return;
        }
        queryStarts[(oldestQuery + timedQueries) % MAX_TIMED_QUERIES] = System.nanoTime();
        timedQueries++;
    }

    /** A ReadyForQuery came back. */
    void queryFinished() {
        if (timedQueries > 0) {
            metrics.queryCompleted(System.nanoTime() - queryStarts[oldestQuery]);
            oldestQuery = (oldestQuery + 1) % MAX_TIMED_QUERIES;
            timedQueries--;
        } else if (untimedQueries > 0) {
            untimedQueries--;
        }
    }

    private void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        cancels.unregister(clientKey);
        metrics.sessionEnded();
        if (endedBySluice != null) {
            reason = endedBySluice;
        }
        if (recorder != null) {
            recorder.close(clientTerminated ? "client terminated" : reason);
        }
        if (masking != null) {
            metrics.masked(connection, masking.counts().snapshot().maskedByRule());
        }
        log.info("session ended: subject={} connection={} client={} reason=\"{}\" duration={}s",
                identity.subject(), connection, clientAddress, clientTerminated ? "client terminated" : reason,
                java.time.Duration.between(started, Instant.now()).toSeconds());
    }
}
