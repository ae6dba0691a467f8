package dev.sluice.core.server;

import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.Quorum;
import dev.sluice.core.access.RequestTerms;
import dev.sluice.core.access.Scope;
import dev.sluice.core.access.UseUnit;
import dev.sluice.core.identity.Identity;
import dev.sluice.policy.ConnectRequest;
import dev.sluice.policy.Decision;
import dev.sluice.policy.GrantTerms;
import dev.sluice.policy.PolicyEngine;
import java.util.List;
import java.util.function.Supplier;

/**
 * The terms of access requests from the policy in force: the first {@code require_grant} rule that applies to the
 * requester on the connection names the approvers and limits; where none does, the configured approvers answer
 * with only the service's limits, or nobody does.
 */
final class PolicyRequestTerms implements Approvers.Policy {
    private final Supplier<PolicyEngine> policy;
    private final java.util.function.Function<String, String> protocolOf;
    private final RequestTerms fallback;

    /**
     * @param protocolOf the protocol of a connection (grant rules can match on it)
     * @param fallback approvers where no rule names any; null for nobody
     */
    PolicyRequestTerms(Supplier<PolicyEngine> policy, java.util.function.Function<String, String> protocolOf, Approvers fallback) {
        this.policy = policy;
        this.protocolOf = protocolOf;
        this.fallback = fallback == null ? null : RequestTerms.approvedBy(fallback);
    }

    @Override
    public RequestTerms termsFor(Identity requester, String connection) {
        return policy.get()
                .grantRule(new ConnectRequest(requester.subject(), requester.groups(), connection, protocolOf.apply(connection)))
                .map(PolicyRequestTerms::terms)
                .orElse(fallback);
    }

    static RequestTerms terms(Decision.RequireGrant rule) {
        GrantTerms terms = rule.terms();
        Approvers approvers = terms.approvers().isEmpty() ? null
                : new Approvers(List.copyOf(terms.approvers()), Quorum.parse(terms.quorum()));
        return new RequestTerms(approvers, terms.maxTtl(), terms.maxUses(),
                terms.perOperation() ? UseUnit.OPERATIONS : UseUnit.SESSIONS, new Scope(terms.scope(), null), rule.rule());
    }
}
