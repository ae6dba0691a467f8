package dev.sluice.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An expected decision, written next to policies ({@code cases:}) and run by {@code sluice policy test}. Without
 * {@code sql} the case is about starting a session (allow or block); with it, about the statements.
 *
 * @param rule when present, the rule that must have made the decision
 */
public record PolicyTestCase(
        String name,
        String origin,
        String subject,
        Set<String> groups,
        String connection,
        String protocol,
        Optional<String> sql,
        Outcome expect,
        Optional<String> rule) {

    public static final String DEFAULT_PROTOCOL = "postgres";

    public PolicyTestCase {
        groups = Set.copyOf(groups);
    }

    public enum Outcome {
        ALLOW, BLOCK, HOLD, GRANT;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
