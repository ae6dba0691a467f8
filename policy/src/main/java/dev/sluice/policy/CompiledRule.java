package dev.sluice.policy;

/**
 * A rule prepared for deciding: its action unpacked and its decisions built once, so that deciding allocates
 * nothing for the common answers.
 */
final class CompiledRule {
    enum Kind { ALLOW, BLOCK, HOLD, GRANT, NONE }

    final PolicyRule rule;
    final String name;
    final RuleMatch match;
    /** Null for an admission rule (no operation match). */
    final OperationMatch operation;
    final Kind kind;
    final boolean readOnly;
    final boolean allowsUnclassified;
    final boolean allowsFunctionCall;
    final Decision decision;
    final ConnectDecision.Allow admit;
    /** What operations of a session admitted by this (grant) rule are allowed by. */
    final Decision.Allow allowUnderGrant;

    CompiledRule(PolicyRule rule) {
        this.rule = rule;
        this.name = rule.name();
        this.match = rule.match();
        this.operation = rule.match().operation().orElse(null);
        RuleAction action = rule.action().orElse(null);
        if (action instanceof RuleAction.Allow allow) {
            kind = Kind.ALLOW;
            readOnly = allow.readOnly();
            decision = new Decision.Allow(name);
        } else if (action instanceof RuleAction.Block block) {
            kind = Kind.BLOCK;
            readOnly = false;
            decision = new Decision.Block(name, block.message());
        } else if (action instanceof RuleAction.RequireApproval approval) {
            kind = Kind.HOLD;
            readOnly = false;
            decision = new Decision.Hold(name, approval.approvers(), approval.quorum(), approval.message());
        } else if (action instanceof RuleAction.RequireGrant grant) {
            kind = Kind.GRANT;
            readOnly = false;
            decision = new Decision.RequireGrant(name, grant.terms());
        } else {
            kind = Kind.NONE;
            readOnly = false;
            decision = null;
        }
        allowsUnclassified = kind == Kind.ALLOW && operation instanceof OperationMatch.Sql sql && sql.explicitlyUnclassified();
        allowsFunctionCall = kind == Kind.ALLOW && operation instanceof OperationMatch.FunctionCall;
        allowUnderGrant = new Decision.Allow(name);
        admit = new ConnectDecision.Allow(name, readOnly, kind == Kind.GRANT ? ((Decision.RequireGrant) decision).terms() : null);
    }

    /** Admits a session: allows it outright or under a grant. */
    boolean admits() {
        return operation == null && (kind == Kind.ALLOW || kind == Kind.GRANT);
    }

    boolean admission() {
        return operation == null;
    }

    boolean applies(String subject, java.util.Set<String> groups, String protocol) {
        return match.matchesProtocol(protocol) && match.matchesIdentity(subject, groups);
    }
}
