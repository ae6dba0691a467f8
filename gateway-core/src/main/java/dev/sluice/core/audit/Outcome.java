package dev.sluice.core.audit;

import java.time.Duration;
import java.util.Map;

/**
 * What came back for the last operation.
 *
 * @param commandTag the protocol's completion tag ({@code SELECT 3}), or null
 * @param rows rows returned or affected, -1 when unknown
 * @param durationMillis from forwarding the operation to its completion
 * @param errorCode SQLSTATE or the protocol's own code when it failed, else null
 * @param errorMessage the error the client saw, else null
 * @param maskedValues how many values were masked, by detector or rule name
 */
public record Outcome(String commandTag, long rows, long bytes, long durationMillis, String errorCode,
        String errorMessage, Map<String, Long> maskedValues) implements SessionEvent {
    public Outcome {
        maskedValues = Map.copyOf(maskedValues);
    }

    public static Outcome success(String commandTag, long rows, long bytes, Duration duration, Map<String, Long> maskedValues) {
        return new Outcome(commandTag, rows, bytes, duration.toMillis(), null, null, maskedValues);
    }

    public static Outcome failure(String errorCode, String errorMessage, Duration duration) {
        return new Outcome(null, -1, 0, duration.toMillis(), errorCode, errorMessage, Map.of());
    }

    @Override
    public String type() {
        return "outcome";
    }
}
