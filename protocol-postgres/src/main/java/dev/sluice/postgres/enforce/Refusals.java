package dev.sluice.postgres.enforce;

import dev.sluice.postgres.backend.BackendErrors;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.relay.Cycles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * How a refused message is answered without losing the protocol's order or the transaction's state: in its
 * place the backend is sent a statement that cannot parse ({@link #MARKER}), and the syntax error it answers with
 * is swapped for Sluice's refusal. The backend then does exactly what PostgreSQL does after an error: an open
 * transaction becomes failed, the rest of an extended-protocol batch is skipped until Sync, and ReadyForQuery
 * follows in turn with pipelined queries. The refused statement itself never reaches the backend.
 *
 * <p>Shared by the two relay handlers of one session, on one event loop. Pending refusals are bounded by the
 * client's own pipelining, which backpressure bounds.
 */
public final class Refusals {
    /** Not a valid statement: PostgreSQL answers it with SQLSTATE 42601 naming this token. */
    public static final String MARKER = "SLUICE_REFUSED_STATEMENT";
    private static final String SYNTAX_ERROR = "42601";

    private record Pending(long cycle, ErrorResponse error) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Cycles cycles;

    public Refusals(Cycles cycles) {
        this.cycles = cycles;
    }

    /** A Query that stands in for a refused Query or FunctionCall; the caller counts it as a cycle. */
    public ByteBuf substituteQuery(ByteBufAllocator alloc, ErrorResponse refusal) {
        dropAnswered();
        pending.add(new Pending(cycles.sent(), refusal));
        ByteBuf out = alloc.buffer(32);
        int length = PgWire.beginMessage(out, 'Q');
        PgWire.writeCString(out, MARKER);
        PgWire.endMessage(out, length);
        return out;
    }

    /** A Parse of the same statement name that stands in for a refused Parse. */
    public ByteBuf substituteParse(ByteBufAllocator alloc, String statementName, ErrorResponse refusal) {
        dropAnswered();
        pending.add(new Pending(cycles.sent(), refusal));
        ByteBuf out = alloc.buffer(48);
        int length = PgWire.beginMessage(out, 'P');
        PgWire.writeCString(out, statementName);
        PgWire.writeCString(out, MARKER);
        out.writeShort(0);
        PgWire.endMessage(out, length);
        return out;
    }

    /**
     * A backend ErrorResponse: returns Sluice's refusal in its place when it answers a substitute, else the frame
     * itself. An error of an earlier message in the same cycle means the backend skipped the substitute, as
     * PostgreSQL would have skipped the refused message: then the frame passes unchanged.
     */
    public ByteBuf onBackendError(ByteBuf frame, ByteBufAllocator alloc) {
        dropAnswered();
        Pending head = pending.peek();
        if (head == null || head.cycle() != cycles.answered() || !isMarkerError(frame)) {
            return frame;
        }
        pending.poll();
        frame.release();
        ByteBuf out = alloc.buffer();
        head.error().encode(out);
        return out;
    }

    /** Refusals still waiting for their answer; those the backend skipped are forgotten first. */
    public int pendingCount() {
        dropAnswered();
        return pending.size();
    }

    /** Refusals of cycles already answered were skipped by the backend, as PostgreSQL skips after an error. */
    private void dropAnswered() {
        while (!pending.isEmpty() && pending.peek().cycle() < cycles.answered()) {
            pending.poll();
        }
    }

    private static boolean isMarkerError(ByteBuf frame) {
        Map<Character, String> fields = BackendErrors.fields(frame);
        return SYNTAX_ERROR.equals(fields.get('C')) && fields.getOrDefault('M', "").contains(MARKER);
    }
}
