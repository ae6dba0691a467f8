package dev.sluice.policy;

import dev.sluice.policy.sql.SqlClassifier;
import dev.sluice.policy.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Asks an engine what it would decide, as {@code sluice policy test} shows it; pure. */
public final class PolicyTester {
    private final PolicyEngine engine;
    private final SqlClassifier classifier;

    public PolicyTester(PolicyEngine engine, SqlClassifier classifier) {
        this.engine = engine;
        this.classifier = classifier;
    }

    /** A case's result: whether the evaluation met its expectation. */
    public record Result(PolicyTestCase testCase, PolicyEvaluation evaluation, boolean passed) {}

    public Result run(PolicyTestCase testCase) {
        PolicyEvaluation evaluation = evaluate(testCase.subject(), testCase.groups(), testCase.connection(),
                testCase.protocol(), testCase.sql());
        boolean passed = evaluation.outcome() == testCase.expect()
                && testCase.rule().map(evaluation.rule()::equals).orElse(true);
        return new Result(testCase, evaluation, passed);
    }

    /** Decides the session and, when {@code sql} is given, every statement in it. */
    public PolicyEvaluation evaluate(String subject, Set<String> groups, String connection, String protocol,
                                     Optional<String> sql) {
        ConnectDecision session = engine.decide(new ConnectRequest(subject, groups, connection, protocol));
        if (session instanceof ConnectDecision.Deny deny) {
            return new PolicyEvaluation(PolicyTestCase.Outcome.BLOCK, deny.rule(), "session refused: " + deny.reason(),
                    List.of());
        }
        ConnectDecision.Allow allow = (ConnectDecision.Allow) session;
        String admitted = "session allowed" + (allow.readOnly() ? ", read-only" : "")
                + (allow.grant() == null ? "" : ", only under a just-in-time grant (" + GrantTermsText.of(allow.grant()) + ")");
        if (sql.isEmpty()) {
            return new PolicyEvaluation(allow.grant() == null ? PolicyTestCase.Outcome.ALLOW : PolicyTestCase.Outcome.GRANT,
                    session.rule(), admitted, List.of());
        }
        Decision worst = null;
        List<String> lines = new ArrayList<>();
        for (SqlStatement statement : classifier.classify(sql.get()).statements()) {
            Decision decision = engine.decide(new OperationRequest(subject, groups, connection, protocol,
                    new Operation.Sql(statement)));
            lines.add(describe(statement) + " -> " + describe(decision));
            if (worst == null || severity(decision) > severity(worst)) {
                worst = decision;
            }
        }
        if (worst == null) {
            return new PolicyEvaluation(PolicyTestCase.Outcome.ALLOW, session.rule(), admitted + "; no statements", lines);
        }
        return new PolicyEvaluation(outcome(worst), worst.rule(), message(worst), lines);
    }

    static String describe(SqlStatement statement) {
        String effects = statement.effects().stream().map(Enum::name).collect(Collectors.joining(","));
        StringBuilder text = new StringBuilder(statement.commandTag()).append(" kind=").append(statement.kind())
                .append(" effects=").append(effects);
        if (!statement.tables().isEmpty()) {
            text.append(" tables=").append(String.join(",", statement.tables()));
        }
        if (statement.whereLessWrite()) {
            text.append(" where-less");
        }
        statement.unclassifiedReason().ifPresent(reason -> text.append(" reason=\"").append(reason).append('"'));
        return text.toString();
    }

    static String describe(Decision decision) {
        return outcome(decision).yamlName() + " by " + decision.rule()
                + (decision instanceof Decision.Allow ? "" : ": " + message(decision));
    }

    private static PolicyTestCase.Outcome outcome(Decision decision) {
        if (decision instanceof Decision.Block) {
            return PolicyTestCase.Outcome.BLOCK;
        }
        if (decision instanceof Decision.Hold) {
            return PolicyTestCase.Outcome.HOLD;
        }
        return decision instanceof Decision.RequireGrant ? PolicyTestCase.Outcome.GRANT : PolicyTestCase.Outcome.ALLOW;
    }

    private static String message(Decision decision) {
        if (decision instanceof Decision.Block block) {
            return block.message();
        }
        if (decision instanceof Decision.Hold hold) {
            return hold.message() + " (approvers: " + String.join(", ", hold.approverGroups().stream().sorted().toList())
                    + "; quorum " + hold.quorum() + ")";
        }
        if (decision instanceof Decision.RequireGrant grant) {
            return "allowed under an active grant (" + GrantTermsText.of(grant.terms()) + ")";
        }
        return "allowed";
    }

    private static int severity(Decision decision) {
        return switch (outcome(decision)) {
            case BLOCK -> 3;
            case HOLD -> 2;
            case GRANT -> 1;
            case ALLOW -> 0;
        };
    }
}
