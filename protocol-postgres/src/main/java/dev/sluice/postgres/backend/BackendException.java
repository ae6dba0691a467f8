package dev.sluice.postgres.backend;

/**
 * Connecting or logging in to a backend failed. The message is for the gateway's log (it may name the backend);
 * clients are told only that the connection is unavailable.
 */
public final class BackendException extends Exception {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
