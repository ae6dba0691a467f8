package dev.sluice.core.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An operation the client asked for and what the policy decided about it.
 *
 * @param text the statement or command, already masked by the caller
 * @param parameters bound parameters, already masked by the caller; null for SQL NULL
 * @param action the decision: {@code allow}, {@code block}, {@code hold}, ...
 * @param rule the rule that made the decision
 * @param approvalIds approvals that let a held operation through
 */
public record Operation(String text, List<String> parameters, String action, String rule, List<String> approvalIds)
        implements SessionEvent {
    public Operation {
        Objects.requireNonNull(text, "text");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        Objects.requireNonNull(action, "action");
        approvalIds = List.copyOf(approvalIds);
    }

    /** An operation without parameters or approvals. */
    public static Operation of(String text, String action, String rule) {
        return new Operation(text, List.of(), action, rule, List.of());
    }

    @Override
    public String type() {
        return "operation";
    }
}
