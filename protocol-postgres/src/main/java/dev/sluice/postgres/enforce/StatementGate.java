package dev.sluice.postgres.enforce;

import dev.sluice.policy.Decision;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.record.SessionRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the session's policy to the client messages that carry work: Query ({@code Q}), Parse ({@code P})
 * and FunctionCall ({@code F}). An allowed message is returned as it came; a refused one is released and a
 * substitute from {@link Refusals} is returned in its place. A message held for approval, or waiting for a grant,
 * returns null: the gate hands it, or its substitute, to {@link Waiting#resume} once decided.
 */
public final class StatementGate {
    private static final Logger log = LoggerFactory.getLogger(StatementGate.class);

    /** Gives the counter of one kind of decision; tags are bounded by the policy's rule names. */
    public interface DecisionCounter {
        Runnable counterFor(String action, String rule);
    }

    /**
     * Counters per decision, kept by the session: the policy hands out the same Decision object for a rule each
     * time, so after the first statement counting a decision is a map lookup by identity, with no allocation.
     */
    private final java.util.IdentityHashMap<Decision, Runnable> counted = new java.util.IdentityHashMap<>();
    private static final int MAX_COUNTED = 256;

    private final SessionPolicy policy;
    private final Refusals refusals;
    private final DecisionCounter counter;
    private final String subject;
    private final String connection;
    private final SessionRecorder recorder;
    private final Approvals approvals;

    /** Where a message that waited continues: the client side of the relay. */
    public interface Waiting {
        /** Tells the client now, as a NoticeResponse, why it waits. */
        void notice(String message);

        /** On the event loop: forward {@code frame} (the message or its substitute) and carry on reading. */
        void resume(ByteBuf frame);

        /** The session's event loop. */
        java.util.concurrent.Executor eventLoop();
    }

    /**
     * @param recorder records each verdict; null when the session is not recorded
     * @param approvals resolves holds and grant requirements; null refuses them at once
     */
    public StatementGate(SessionPolicy policy, Refusals refusals, DecisionCounter counter, String subject, String connection,
                         SessionRecorder recorder, Approvals approvals) {
        this.approvals = approvals;
        this.recorder = recorder;
        this.policy = policy;
        this.refusals = refusals;
        this.counter = counter;
        this.subject = subject;
        this.connection = connection;
    }

    /** {@code 'Q' | int32 len | cstring query}. */
    public ByteBuf query(ByteBuf frame, ByteBufAllocator alloc, Waiting waiting) {
        String sql = PgWire.readCString(frame.duplicate().skipBytes(5));
        SessionPolicy.Verdict verdict = recordingFailed().orElseGet(() -> policy.onSql(sql));
        if (verdict.waits() && approvals != null) {
            await(verdict, waiting, frame, (resolution, refused) -> {
                if (recorder != null) {
                    recorder.query(sql, resolution.decision(), resolution.approvalIds());
                }
                return refused == null ? frame : refusals.substituteQuery(alloc, refused);
            });
            return null;
        }
        if (recorder != null) {
            recorder.query(sql, verdict.decision());
        }
        if (count(verdict)) {
            return frame;
        }
        frame.release();
        return refusals.substituteQuery(alloc, RefusalMessages.of(verdict));
    }

    /** {@code 'P' | int32 len | cstring name | cstring query | int16 n | int32 type-oid * n}. */
    public ByteBuf parse(ByteBuf frame, ByteBufAllocator alloc, Waiting waiting) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        String name = PgWire.readCString(body);
        String sql = PgWire.readCString(body);
        SessionPolicy.Verdict verdict = recordingFailed().orElseGet(() -> policy.onSql(sql));
        int[] types = recorder == null ? null : parameterTypes(body);
        if (verdict.waits() && approvals != null) {
            await(verdict, waiting, frame, (resolution, refused) -> {
                if (recorder != null) {
                    recorder.parse(name, sql, types, resolution.decision(), resolution.approvalIds());
                }
                return refused == null ? frame : refusals.substituteParse(alloc, name, refused);
            });
            return null;
        }
        if (recorder != null) {
            recorder.parse(name, sql, types, verdict.decision());
        }
        if (count(verdict)) {
            return frame;
        }
        frame.release();
        return refusals.substituteParse(alloc, name, RefusalMessages.of(verdict));
    }

    /** {@code 'F' | int32 len | int32 function-oid | ...}. */
    public ByteBuf functionCall(ByteBuf frame, ByteBufAllocator alloc, Waiting waiting) {
        int oid = frame.getInt(frame.readerIndex() + 5);
        SessionPolicy.Verdict verdict = recordingFailed().orElseGet(() -> policy.onFunctionCall(oid));
        if (verdict.waits() && approvals != null) {
            await(verdict, waiting, frame, (resolution, refused) -> {
                if (recorder != null) {
                    recorder.functionCall(oid, resolution.decision());
                }
                return refused == null ? frame : refusals.substituteQuery(alloc, refused);
            });
            return null;
        }
        if (recorder != null) {
            recorder.functionCall(oid, verdict.decision());
        }
        if (count(verdict)) {
            return frame;
        }
        frame.release();
        return refusals.substituteQuery(alloc, RefusalMessages.of(verdict));
    }

    private static int[] parameterTypes(ByteBuf body) {
        int[] types = new int[body.readUnsignedShort()];
        for (int i = 0; i < types.length; i++) {
            types[i] = body.readInt();
        }
        return types;
    }

    /** Builds what goes on once a waiting message is decided: the message itself, or (given the refusal) its substitute. */
    @FunctionalInterface
    private interface Continuation {
        ByteBuf next(Approvals.Resolution resolution, ErrorResponse refused);
    }

    /**
     * Resolves a waiting verdict off the event loop, then, on it, records and counts the final decision and resumes
     * the relay with the message or its substitute.
     */
    private void await(SessionPolicy.Verdict verdict, Waiting waiting, ByteBuf frame, Continuation continuation) {
        approvals.resolve(verdict, waiting::notice).whenCompleteAsync((resolved, failure) -> {
            Approvals.Resolution resolution = resolved != null ? resolved : new Approvals.Resolution(
                    new Decision.Block(verdict.decision().rule(), "the approval could not be completed"), java.util.List.of());
            SessionPolicy.Verdict decided = new SessionPolicy.Verdict(resolution.decision(), verdict.statement(), verdict.position());
            count(decided);
            if (decided.allowed()) {
                waiting.resume(continuation.next(resolution, null));
            } else {
                ByteBuf substitute = continuation.next(resolution, RefusalMessages.of(decided));
                frame.release();
                waiting.resume(substitute);
            }
        }, waiting.eventLoop());
    }

    /** Fail closed: once the session's recording has lost events, nothing more is forwarded. */
    private java.util.Optional<SessionPolicy.Verdict> recordingFailed() {
        if (recorder == null || recorder.healthy()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new SessionPolicy.Verdict(new Decision.Block(RECORDING_RULE,
                "the session's recording has failed, so no further statements are run"), null, 0));
    }

    /** Names refusals made because recording failed. */
    public static final String RECORDING_RULE = "default.recording";

    /** Counts and logs the verdict; true when it allows. */
    private boolean count(SessionPolicy.Verdict verdict) {
        Decision decision = verdict.decision();
        String action = decision instanceof Decision.Allow ? "allow" : decision instanceof Decision.Block ? "block" : "hold";
        Runnable increment = counted.get(decision);
        if (increment == null) {
            increment = counter.counterFor(action, decision.rule());
            if (counted.size() < MAX_COUNTED) {
                counted.put(decision, increment);
            }
        }
        increment.run();
        if (!verdict.allowed()) {
            log.info("statement refused: subject={} connection={} rule={} action={} command={}", subject, connection,
                    decision.rule(), action, verdict.statement() == null ? "operation" : verdict.statement().commandTag());
        }
        return verdict.allowed();
    }
}
