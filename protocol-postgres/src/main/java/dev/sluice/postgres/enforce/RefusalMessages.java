package dev.sluice.postgres.enforce;

import dev.sluice.policy.Decision;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.message.SqlState;

/** The ErrorResponse a client gets for a refused statement: SQLSTATE 42501, the rule, and why. */
public final class RefusalMessages {
    private RefusalMessages() {}

    public static ErrorResponse of(SessionPolicy.Verdict verdict) {
        String what = verdict.statement() == null ? "operation"
                : (verdict.position() > 0 ? "statement " + verdict.position() + " (" : "") + verdict.statement().commandTag()
                        + (verdict.position() > 0 ? ")" : "");
        Decision decision = verdict.decision();
        if (decision instanceof Decision.Block block) {
            return ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE,
                    what + " refused by Sluice rule \"" + block.rule() + "\": " + block.message());
        }
        if (decision instanceof Decision.Hold hold) {
            return ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE,
                    what + " needs approval under Sluice rule \"" + hold.rule() + "\" (approvers: "
                            + String.join(", ", hold.approverGroups().stream().sorted().toList()) + ")")
                    .withDetail(hold.message())
                    .withHint("this gateway does not hold statements for approval yet: ask an approver or run it with a grant");
        }
        throw new IllegalArgumentException("not a refusal: " + decision);
    }
}
