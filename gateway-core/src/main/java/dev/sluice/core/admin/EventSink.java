package dev.sluice.core.admin;

/** Where a streaming route sends server-sent events. Thread-safe; sending to a closed sink does nothing. */
public interface EventSink {
    /** Sends one event; {@code data} may span lines. Returns false once the client has gone. */
    boolean send(String event, String data);

    /** Ends the stream and the connection. */
    void close();

    boolean isOpen();

    /** Runs {@code action} once when the stream ends, whoever ends it. */
    void onClose(Runnable action);
}
