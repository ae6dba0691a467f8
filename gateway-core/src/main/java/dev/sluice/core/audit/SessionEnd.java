package dev.sluice.core.audit;

/** The last event before the seal: why the session ended ({@code client closed}, {@code token expired}, ...). */
public record SessionEnd(String reason) implements SessionEvent {
    @Override
    public String type() {
        return "session_end";
    }
}
