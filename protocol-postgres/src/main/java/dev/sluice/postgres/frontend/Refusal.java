package dev.sluice.postgres.frontend;

import dev.sluice.postgres.message.SqlState;

/** A client is turned away; the message is shown to it, so it never names the backend or a secret. */
final class Refusal extends Exception {
    /** Which gate turned the client away. */
    enum Stage { AUTHENTICATION, AUTHORIZATION, BACKEND }

    private final Stage stage;
    private final SqlState sqlState;
    private final String reason;

    /**
     * @param reason the metric tag: an authentication failure reason, {@code denied}, or what was unavailable
     */
    Refusal(Stage stage, SqlState sqlState, String message, String reason) {
        super(message, null, false, false);
        this.stage = stage;
        this.sqlState = sqlState;
        this.reason = reason;
    }

    Stage stage() {
        return stage;
    }

    SqlState sqlState() {
        return sqlState;
    }

    String reason() {
        return reason;
    }
}
