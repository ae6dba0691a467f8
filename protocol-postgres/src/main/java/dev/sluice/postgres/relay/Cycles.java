package dev.sluice.postgres.relay;

/**
 * Counts a session's request cycles: every Query, Sync and FunctionCall the client sends is answered by exactly
 * one ReadyForQuery, in order. Whatever must match a backend answer to the client message that caused it (refused
 * statements, result shapes) tags its entries with {@link #sent()} and compares with {@link #answered()}. One
 * counter per session, advanced only by the relay handlers; confined to the session's event loop.
 */
public final class Cycles {
    private long sent;
    private long answered;

    /** Cycles the client has ended so far: the number of the cycle being sent now. */
    public long sent() {
        return sent;
    }

    /** ReadyForQuery messages the backend has sent so far: the number of the cycle being answered now. */
    public long answered() {
        return answered;
    }

    /** The client sent a Query, Sync or FunctionCall. */
    public void onSent() {
        sent++;
    }

    /** The backend sent ReadyForQuery. */
    public void onAnswered() {
        answered++;
    }
}
