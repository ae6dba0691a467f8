package dev.sluice.core.identity;

/** A token was refused. The message is safe to show the client: it says what was wrong, never a secret. */
public final class AuthenticationException extends Exception {
    private final AuthFailure reason;

    public AuthenticationException(AuthFailure reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AuthenticationException(AuthFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public AuthFailure reason() {
        return reason;
    }
}
