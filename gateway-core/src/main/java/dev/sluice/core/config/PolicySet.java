package dev.sluice.core.config;

import dev.sluice.policy.PolicyRule;
import dev.sluice.policy.PolicyTestCase;
import java.util.List;

/** The policy files loaded together, in file name order; rule names are unique across them. */
public record PolicySet(List<PolicyFile> files) {
    public static final PolicySet EMPTY = new PolicySet(List.of());

    public PolicySet {
        files = List.copyOf(files);
    }

    public List<PolicyRule> rules() {
        return files.stream().flatMap(f -> f.rules().stream()).toList();
    }

    public List<PolicyTestCase> cases() {
        return files.stream().flatMap(f -> f.cases().stream()).toList();
    }
}
