package dev.sluice.policy;

import java.util.Optional;
import java.util.Set;

/**
 * Which requests a rule applies to. A request matches when the identity is one of {@code subjects} or in one of
 * {@code groups} ({@value #ANY} in either matches every authenticated identity), the connection is listed (or
 * {@value #ANY} is), the protocol is listed (an empty set means any), and, when present, the operation matches.
 */
public record RuleMatch(
        Set<String> subjects,
        Set<String> groups,
        Set<String> connections,
        Set<String> protocols,
        Optional<OperationMatch> operation) {

    public static final String ANY = "*";

    public RuleMatch {
        subjects = Set.copyOf(subjects);
        groups = Set.copyOf(groups);
        connections = Set.copyOf(connections);
        protocols = Set.copyOf(protocols);
    }

    public boolean matchesIdentity(String subject, Set<String> memberOf) {
        if (subjects.contains(ANY) || groups.contains(ANY) || subjects.contains(subject)) {
            return true;
        }
        for (String group : memberOf) {
            if (groups.contains(group)) {
                return true;
            }
        }
        return false;
    }

    public boolean matchesConnection(String connection) {
        return connections.contains(ANY) || connections.contains(connection);
    }

    public boolean matchesProtocol(String protocol) {
        return protocols.isEmpty() || protocols.contains(protocol);
    }
}
