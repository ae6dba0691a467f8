package dev.sluice.policy;

import java.util.List;

/**
 * What the policy says about a session request and, when SQL was given, each of its statements. The overall
 * outcome is the most severe: a block anywhere blocks, else a hold anywhere holds.
 *
 * @param statements one line per statement: its classification and decision
 */
public record PolicyEvaluation(PolicyTestCase.Outcome outcome, String rule, String message, List<String> statements) {
    public PolicyEvaluation {
        statements = List.copyOf(statements);
    }
}
