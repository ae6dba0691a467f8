package dev.sluice.postgres.codec;

/** The peer sent bytes that are not valid protocol; the connection cannot continue. */
public final class PgProtocolException extends RuntimeException {
    public PgProtocolException(String message) {
        super(message);
    }
}
