package dev.sluice.postgres.frontend;

import dev.sluice.postgres.message.SqlState;

/** A client is turned away; the message is shown to it, so it never names the backend or a secret. */
final class Refusal extends Exception {
    private final SqlState sqlState;
    private final String metricResult;
    private final String metricReason;

    Refusal(SqlState sqlState, String message, String metricResult, String metricReason) {
        super(message, null, false, false);
        this.sqlState = sqlState;
        this.metricResult = metricResult;
        this.metricReason = metricReason;
    }

    SqlState sqlState() {
        return sqlState;
    }

    String metricResult() {
        return metricResult;
    }

    String metricReason() {
        return metricReason;
    }
}
