package dev.sluice.core.audit;

/**
 * One thing that happened in a session, in protocol-neutral terms. Each kind is a record whose components become the
 * {@code data} object of its line in the recording (snake_case names). Text is recorded as given: callers pass it
 * already masked; {@link Redaction} only catches obvious tokens left in free text.
 */
public sealed interface SessionEvent
        permits SessionStart, Operation, Outcome, ResultRows, SessionEnd, TerminalChunk, HttpExchange {
    /** The {@code type} of the event's line, such as {@code operation}. */
    String type();
}
