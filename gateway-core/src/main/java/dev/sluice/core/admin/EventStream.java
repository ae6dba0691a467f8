package dev.sluice.core.admin;

/**
 * A route's answer that streams server-sent events ({@code text/event-stream}) instead of one body: the server
 * sends the headers, then hands the sink over; the stream decides when to send and when to end.
 */
@FunctionalInterface
public interface EventStream {
    /** Called once on the server's event loop; must not block: send from another thread if waiting is needed. */
    void start(EventSink sink);
}
