package dev.sluice.core.audit;

/**
 * A piece of an interactive terminal (SSH shell), for asciicast-style replay.
 *
 * @param stream {@code o} for output to the user, {@code i} for input from the user
 * @param offsetMillis time since the session started
 * @param text the chunk as UTF-8 text, already masked
 */
public record TerminalChunk(String stream, long offsetMillis, String text) implements SessionEvent {
    @Override
    public String type() {
        return "terminal";
    }
}
