package dev.sluice.postgres.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.postgres.backend.BackendErrors;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.SqlState;
import dev.sluice.postgres.relay.Cycles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RefusalsTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    private static ByteBuf backendError(String code, String message) {
        ByteBuf out = Unpooled.buffer();
        int length = PgWire.beginMessage(out, 'E');
        out.writeByte('S');
        PgWire.writeCString(out, "ERROR");
        out.writeByte('C');
        PgWire.writeCString(out, code);
        out.writeByte('M');
        PgWire.writeCString(out, message);
        out.writeByte(0);
        PgWire.endMessage(out, length);
        return out;
    }

    private static ErrorResponse refusal(String text) {
        return ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, text);
    }

    @Test
    void substituteQueryNeverCarriesTheRefusedText() {
        Cycles cycles = new Cycles();
        Refusals refusals = new Refusals(cycles);
        ByteBuf substitute = refusals.substituteQuery(alloc, refusal("no"));
        assertThat(PgWire.type(substitute)).isEqualTo('Q');
        assertThat(PgWire.readCString(substitute.skipBytes(5))).isEqualTo(Refusals.MARKER);
        substitute.release();
    }

    @Test
    void markerErrorIsReplacedByTheRefusal() {
        Cycles cycles = new Cycles();
        Refusals refusals = new Refusals(cycles);
        refusals.substituteQuery(alloc, refusal("DELETE refused")).release();
        cycles.onSent();
        ByteBuf out = refusals.onBackendError(backendError("42601", "syntax error at or near \"" + Refusals.MARKER + "\""), alloc);
        assertThat(BackendErrors.describe(out)).isEqualTo("42501: DELETE refused");
        out.release();
        cycles.onAnswered();
        assertThat(refusals.pendingCount()).isZero();
    }

    @Test
    void errorsOfEarlierPipelinedQueriesPassUnchanged() {
        Cycles cycles = new Cycles();
        Refusals refusals = new Refusals(cycles);
        cycles.onSent();
        refusals.substituteQuery(alloc, refusal("refused")).release();
        cycles.onSent();
        ByteBuf natural = backendError("42P01", "relation \"nope\" does not exist");
        assertThat(refusals.onBackendError(natural, alloc)).isSameAs(natural);
        cycles.onAnswered();
        ByteBuf ours = refusals.onBackendError(backendError("42601", "syntax error at or near \"" + Refusals.MARKER + "\""), alloc);
        assertThat(BackendErrors.describe(ours)).isEqualTo("42501: refused");
        natural.release();
        ours.release();
    }

    @Test
    void aSubstituteSkippedAfterAnEarlierErrorInItsBatchIsForgotten() {
        Cycles cycles = new Cycles();
        Refusals refusals = new Refusals(cycles);
        refusals.substituteParse(alloc, "s1", refusal("refused")).release();
        cycles.onSent();
        ByteBuf earlier = backendError("22012", "division by zero");
        assertThat(refusals.onBackendError(earlier, alloc)).isSameAs(earlier);
        cycles.onAnswered();
        assertThat(refusals.pendingCount()).isZero();
        earlier.release();
    }

    @Test
    void abortedTransactionErrorPassesAsPostgresWouldAnswerAnyStatement() {
        Cycles cycles = new Cycles();
        Refusals refusals = new Refusals(cycles);
        refusals.substituteQuery(alloc, refusal("refused")).release();
        cycles.onSent();
        ByteBuf aborted = backendError("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        assertThat(refusals.onBackendError(aborted, alloc)).isSameAs(aborted);
        cycles.onAnswered();
        assertThat(refusals.pendingCount()).isZero();
        aborted.release();
    }
}
