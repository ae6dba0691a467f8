package dev.sluice.core.config;

import dev.sluice.policy.PolicyRule;
import dev.sluice.policy.PolicyTestCase;
import java.util.List;

/**
 * One policy file: its rules and the test cases written next to them.
 *
 * @param source the name errors use for it (the path as given)
 */
public record PolicyFile(String source, List<PolicyRule> rules, List<PolicyTestCase> cases) {
    public PolicyFile {
        rules = List.copyOf(rules);
        cases = List.copyOf(cases);
    }
}
