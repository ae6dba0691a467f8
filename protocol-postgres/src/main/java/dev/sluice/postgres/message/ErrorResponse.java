package dev.sluice.postgres.message;

import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;

/**
 * {@code 'E' | int32 len | (byte1 field, cstring value)* | 0}, written by Sluice itself. Also encodes as a
 * {@code 'N'} NoticeResponse. Fields written: S and V (severity), C (SQLSTATE), M, and D/H when present.
 */
public record ErrorResponse(Severity severity, SqlState sqlState, String message, String detail, String hint) {
    public enum Severity { ERROR, FATAL, NOTICE, WARNING }

    public static ErrorResponse fatal(SqlState state, String message) {
        return new ErrorResponse(Severity.FATAL, state, message, null, null);
    }

    public static ErrorResponse error(SqlState state, String message) {
        return new ErrorResponse(Severity.ERROR, state, message, null, null);
    }

    public ErrorResponse withHint(String newHint) {
        return new ErrorResponse(severity, sqlState, message, detail, newHint);
    }

    public ErrorResponse withDetail(String newDetail) {
        return new ErrorResponse(severity, sqlState, message, newDetail, hint);
    }

    public void encode(ByteBuf out) {
        boolean notice = severity == Severity.NOTICE || severity == Severity.WARNING;
        int length = PgWire.beginMessage(out, notice ? 'N' : 'E');
        field(out, 'S', severity.name());
        field(out, 'V', severity.name());
        field(out, 'C', sqlState.code());
        field(out, 'M', message);
        if (detail != null) {
            field(out, 'D', detail);
        }
        if (hint != null) {
            field(out, 'H', hint);
        }
        out.writeByte(0);
        PgWire.endMessage(out, length);
    }

    private static void field(ByteBuf out, char code, String value) {
        out.writeByte(code);
        PgWire.writeCString(out, value);
    }
}
