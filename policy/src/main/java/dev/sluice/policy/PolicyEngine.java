package dev.sluice.policy;

import dev.sluice.policy.sql.SqlStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides sessions and operations from policy rules; immutable, thread-safe, and built once per policy version.
 * The precedence is documented in {@code docs/policy.md}:
 *
 * <ul>
 *   <li>A session starts only if an admission rule (one without an operation match) allows it, and no admission
 *       rule blocks it. It is read-only if any admitting rule says {@code read_only}. If any admitting rule says
 *       {@code require_grant}, it starts only under a grant.</li>
 *   <li>Each operation: a matching block wins, then the built-in refusals (unclassified SQL, function calls,
 *       writes in a read-only session), then a matching approval, then a matching grant requirement, then allow. An admitted session's operations
 *       are allowed by the rule that admitted it unless something above applies.</li>
 * </ul>
 *
 * <p>Rules are indexed by connection when built, so deciding scans only the rules that can apply and allocates
 * nothing for an allowed operation.
 */
public final class PolicyEngine implements ConnectPolicy, OperationPolicy {
    /** Names the refusal when no rule admits the identity, or the connection is unknown. */
    public static final String DEFAULT_DENY = "default.deny";
    public static final String DEFAULT_UNCLASSIFIED = "default.unclassified";
    public static final String DEFAULT_FUNCTION_CALL = "default.function-call";
    /** Rule names under these prefixes are made by Sluice, not written in policy files. */
    public static final List<String> RESERVED_PREFIXES = List.of("default.", "connections.");

    private static final CompiledRule[] NONE = new CompiledRule[0];

    private final List<PolicyRule> rules;
    /** Null when any connection name is accepted (checking policy files without the gateway configuration). */
    private final Set<String> knownConnections;
    private final Map<String, CompiledRule[]> byConnection;
    private final CompiledRule[] anyConnection;
    private final Map<String, String> requiredGroups;

    private PolicyEngine(List<PolicyRule> rules, Set<String> knownConnections) {
        this.rules = List.copyOf(rules);
        this.knownConnections = knownConnections == null ? null : Set.copyOf(knownConnections);
        Set<String> names = new HashSet<>();
        List<CompiledRule> compiled = new ArrayList<>();
        Set<String> namedConnections = new LinkedHashSet<>();
        for (PolicyRule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule name \"" + rule.name() + "\" is used twice");
            }
            compiled.add(new CompiledRule(rule));
            rule.match().connections().stream().filter(c -> !c.equals(RuleMatch.ANY)).forEach(namedConnections::add);
        }
        if (knownConnections != null) {
            namedConnections.addAll(knownConnections);
        }
        this.anyConnection = compiled.stream().filter(r -> r.match.connections().contains(RuleMatch.ANY))
                .toArray(CompiledRule[]::new);
        this.byConnection = new HashMap<>();
        this.requiredGroups = new HashMap<>();
        for (String connection : namedConnections) {
            CompiledRule[] applicable = compiled.stream().filter(r -> r.match.matchesConnection(connection))
                    .toArray(CompiledRule[]::new);
            byConnection.put(connection, applicable);
            Set<String> groups = new TreeSet<>();
            for (CompiledRule rule : applicable) {
                if (rule.admits()) {
                    rule.match.groups().stream().filter(g -> !g.equals(RuleMatch.ANY)).forEach(groups::add);
                }
            }
            requiredGroups.put(connection, String.join(", ", groups));
        }
    }

    /**
     * The gateway's engine: policy rules plus one admission rule per connection {@code allow} list of the main
     * configuration (named {@code connections.<name>.allow}), after the policy rules. Connections not in
     * {@code connections} are unknown and refused.
     */
    public static PolicyEngine of(List<PolicyRule> rules, Map<String, AccessList> connections) {
        List<PolicyRule> all = new ArrayList<>(rules);
        connections.forEach((name, allow) -> {
            if (!allow.subjects().isEmpty() || !allow.groups().isEmpty()) {
                all.add(PolicyRule.allow(allowListRuleName(name), new RuleMatch(allow.subjects(), allow.groups(),
                        Set.of(name), Set.of(), java.util.Optional.empty()), false));
            }
        });
        return new PolicyEngine(all, connections.keySet());
    }

    /** An engine from policy rules alone that takes any connection name as known; for checking policies. */
    public static PolicyEngine rulesOnly(List<PolicyRule> rules) {
        return new PolicyEngine(rules, null);
    }

    public static String allowListRuleName(String connection) {
        return "connections." + connection + ".allow";
    }

    /**
     * Every rule in force, in order: the policy files' rules, then the connections' allow-list rules. When several
     * rules could name a decision, the first in this order does.
     */
    public List<PolicyRule> rules() {
        return rules;
    }

    private CompiledRule[] rulesFor(String connection) {
        CompiledRule[] applicable = byConnection.get(connection);
        return applicable != null ? applicable : anyConnection;
    }

    private boolean unknown(String connection) {
        return knownConnections != null && !knownConnections.contains(connection);
    }

    @Override
    public ConnectDecision decide(ConnectRequest request) {
        if (unknown(request.connection())) {
            return new ConnectDecision.Deny(DEFAULT_DENY, "unknown connection \"" + request.connection() + "\"");
        }
        CompiledRule admitting = null;
        CompiledRule readOnly = null;
        CompiledRule grant = null;
        for (CompiledRule rule : rulesFor(request.connection())) {
            if (!rule.admission() || !rule.applies(request.subject(), request.groups(), request.protocol())) {
                continue;
            }
            if (rule.kind == CompiledRule.Kind.BLOCK) {
                return new ConnectDecision.Deny(rule.name, ((Decision.Block) rule.decision).message());
            }
            if (rule.kind == CompiledRule.Kind.ALLOW) {
                admitting = admitting == null ? rule : admitting;
                readOnly = readOnly == null && rule.readOnly ? rule : readOnly;
            } else if (rule.kind == CompiledRule.Kind.GRANT) {
                grant = grant == null ? rule : grant;
            }
        }
        if (grant != null) {
            return new ConnectDecision.Allow(grant.name, readOnly != null, grant.admit.grant());
        }
        if (readOnly != null) {
            return readOnly.admit;
        }
        if (admitting != null) {
            return admitting.admit;
        }
        return new ConnectDecision.Deny(DEFAULT_DENY, denyReason(request.subject(), request.connection()));
    }

    /**
     * The {@code mask} entries of every rule without operation criteria that applies to this identity on this
     * connection, in rule order: what the session's results are masked with.
     */
    public List<Map<String, Object>> maskSpecs(ConnectRequest request) {
        List<Map<String, Object>> specs = new ArrayList<>();
        for (CompiledRule rule : rulesFor(request.connection())) {
            if (rule.admission() && !rule.rule.mask().isEmpty()
                    && rule.applies(request.subject(), request.groups(), request.protocol())) {
                specs.addAll(rule.rule.mask());
            }
        }
        return specs;
    }

    /**
     * How much of this identity's session on this connection is recorded: the highest {@code record} level of
     * the rules without operation criteria that apply, {@link RecordingLevel#METADATA} when none says.
     */
    public RecordingLevel recordingLevel(ConnectRequest request) {
        RecordingLevel level = null;
        for (CompiledRule rule : rulesFor(request.connection())) {
            if (rule.admission() && rule.rule.record().isPresent()
                    && rule.applies(request.subject(), request.groups(), request.protocol())) {
                RecordingLevel said = rule.rule.record().get();
                level = level == null || said.compareTo(level) > 0 ? said : level;
            }
        }
        return level == null ? RecordingLevel.METADATA : level;
    }

    /**
     * The first {@code require_grant} rule that applies to {@code request}'s identity on its connection (admission
     * rules before operation rules), as the decision it makes: its name and the terms on which a grant may be
     * requested. Empty when no rule asks for a grant there.
     */
    public java.util.Optional<Decision.RequireGrant> grantRule(ConnectRequest request) {
        if (unknown(request.connection())) {
            return java.util.Optional.empty();
        }
        CompiledRule found = null;
        for (CompiledRule rule : rulesFor(request.connection())) {
            if (rule.kind == CompiledRule.Kind.GRANT && rule.applies(request.subject(), request.groups(), request.protocol())
                    && (found == null || rule.admission() && !found.admission())) {
                found = rule;
            }
        }
        return java.util.Optional.ofNullable(found).map(r -> (Decision.RequireGrant) r.decision);
    }

    private String denyReason(String subject, String connection) {
        String groups = requiredGroups.getOrDefault(connection, "");
        return groups.isEmpty()
                ? "subject \"" + subject + "\" may not use connection \"" + connection + "\""
                : "connection \"" + connection + "\" requires membership of one of the groups: " + groups;
    }

    @Override
    public Decision decide(OperationRequest request) {
        if (unknown(request.connection())) {
            return new Decision.Block(DEFAULT_DENY, "unknown connection \"" + request.connection() + "\"");
        }
        Operation operation = request.operation();
        CompiledRule admitting = null;
        CompiledRule readOnly = null;
        CompiledRule block = null;
        CompiledRule hold = null;
        CompiledRule grant = null;
        CompiledRule allow = null;
        boolean unclassifiedAllowed = false;
        boolean functionCallAllowed = false;
        for (CompiledRule rule : rulesFor(request.connection())) {
            if (rule.kind == CompiledRule.Kind.NONE
                    || !rule.applies(request.subject(), request.groups(), request.protocol())
                    || rule.operation != null && !rule.operation.matches(operation)) {
                continue;
            }
            switch (rule.kind) {
                case BLOCK -> block = block == null ? rule : block;
                case HOLD -> hold = hold == null ? rule : hold;
                case GRANT -> {
                    if (rule.admission()) {
                        admitting = admitting == null ? rule : admitting;
                    } else {
                        grant = grant == null ? rule : grant;
                    }
                }
                case ALLOW -> {
                    if (rule.admission()) {
                        admitting = admitting == null ? rule : admitting;
                        readOnly = readOnly == null && rule.readOnly ? rule : readOnly;
                    } else {
                        allow = allow == null ? rule : allow;
                        unclassifiedAllowed |= rule.allowsUnclassified;
                        functionCallAllowed |= rule.allowsFunctionCall;
                    }
                }
                case NONE -> { }
            }
        }
        if (block != null) {
            return block.decision;
        }
        if (admitting == null) {
            return new Decision.Block(DEFAULT_DENY,
                    RefusalMessages.notAdmitted(denyReason(request.subject(), request.connection())));
        }
        if (operation instanceof Operation.Sql sql) {
            SqlStatement statement = sql.statement();
            if (OperationMatch.Sql.isUnclassified(statement) && !unclassifiedAllowed) {
                return new Decision.Block(DEFAULT_UNCLASSIFIED, RefusalMessages.unclassified(statement));
            }
            if (readOnly != null && !statement.readOnly()) {
                return new Decision.Block(readOnly.name, RefusalMessages.readOnly(statement));
            }
        } else if (operation instanceof Operation.FunctionCall call && !functionCallAllowed) {
            return new Decision.Block(DEFAULT_FUNCTION_CALL, RefusalMessages.functionCall(call.functionOid()));
        }
        if (hold != null) {
            return hold.decision;
        }
        if (grant != null) {
            return grant.decision;
        }
        return allow != null ? allow.decision : admitting.kind == CompiledRule.Kind.ALLOW ? admitting.decision : admitting.allowUnderGrant;
    }
}
