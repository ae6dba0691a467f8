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
                    .withHint("statements are held for approval only where the gateway runs its access service");
        }
        if (decision instanceof Decision.RequireGrant grant) {
            return ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE,
                    what + " needs a just-in-time grant under Sluice rule \"" + grant.rule() + "\"")
                    .withHint("request access with sluice request");
        }
        throw new IllegalArgumentException("not a refusal: " + decision);
    }
}
