package dev.sluice.policy;

import java.util.stream.Collectors;

/** Grant terms as one line for people: policy test output and refusal messages. */
public final class GrantTermsText {
    private GrantTermsText() {}

    public static String of(GrantTerms terms) {
        StringBuilder text = new StringBuilder("scope ")
                .append(terms.scope().stream().sorted().collect(Collectors.joining(",")))
                .append(", at most ").append(terms.maxTtl().toSeconds()).append("s");
        if (terms.maxUses() != null) {
            text.append(" and ").append(terms.maxUses()).append(terms.perOperation() ? " statement(s)" : " session(s)");
        }
        if (terms.approvers().isEmpty()) {
            text.append(", approved by policy only");
        } else {
            text.append(", approvers: ").append(terms.approvers().stream().sorted().collect(Collectors.joining(", ")))
                    .append(" (quorum ").append(terms.quorum()).append(')');
        }
        return text.toString();
    }
}
