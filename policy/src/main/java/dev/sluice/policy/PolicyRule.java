package dev.sluice.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule of a policy file.
 *
 * @param origin where it was written ({@code file:line:column}), for messages about it
 * @param action what it decides; empty for a rule that only carries {@code mask} or {@code record}
 * @param mask the masking plan as written (a list of mappings), carried for the masking engine
 * @param record the recording level it asks for, carried for the recorder
 */
public record PolicyRule(
        String name,
        String origin,
        RuleMatch match,
        Optional<RuleAction> action,
        List<Map<String, Object>> mask,
        Optional<RecordingLevel> record) {

    public PolicyRule {
        mask = List.copyOf(mask);
    }

    /** A rule that admits whoever {@code match} names, without other actions. */
    public static PolicyRule allow(String name, RuleMatch match, boolean readOnly) {
        return new PolicyRule(name, name, match, Optional.of(new RuleAction.Allow(readOnly)), List.of(), Optional.empty());
    }

    /** A rule without an operation match decides whether a session may start; one with it decides operations. */
    public boolean admissionRule() {
        return match.operation().isEmpty();
    }
}
