package dev.sluice.core.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An operation the client asked for and what the policy decided about it, and, when the protocol had it before it
 * recorded the operation, what came back: one line per statement in the common case instead of two.
 *
 * @param text the statement or command, already masked by the caller
 * @param parameters bound parameters, already masked by the caller; null for SQL NULL
 * @param action the decision: {@code allow}, {@code block}, {@code hold}, ...
 * @param rule the rule that made the decision
 * @param approvalIds approvals that let a held operation through
 * @param outcome what came back, or null when it is recorded later as an {@link Outcome} of its own (or never:
 *     the session was cut off while it ran)
 */
public record Operation(String text, List<String> parameters, String action, String rule, List<String> approvalIds,
        Outcome outcome) implements SessionEvent {
    public Operation {
        Objects.requireNonNull(text, "text");
        parameters = parameters.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
        Objects.requireNonNull(action, "action");
        approvalIds = List.copyOf(approvalIds);
    }

    /** An operation whose outcome, if any, is recorded separately. */
    public Operation(String text, List<String> parameters, String action, String rule, List<String> approvalIds) {
        this(text, parameters, action, rule, approvalIds, null);
    }

    /** An operation without parameters or approvals. */
    public static Operation of(String text, String action, String rule) {
        return new Operation(text, List.of(), action, rule, List.of());
    }

    /** This operation with what came back for it, recorded as one line. */
    public Operation withOutcome(Outcome result) {
        return new Operation(text, parameters, action, rule, approvalIds, result);
    }

    @Override
    public String type() {
        return "operation";
    }
}
