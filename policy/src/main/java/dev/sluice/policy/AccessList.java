package dev.sluice.policy;

import java.util.Set;

/**
 * Who may use a connection: any listed subject, or anyone in a listed group. An empty list admits nobody
 * (default deny).
 */
public record AccessList(Set<String> subjects, Set<String> groups) {
    public static final AccessList NOBODY = new AccessList(Set.of(), Set.of());

    public AccessList {
        subjects = Set.copyOf(subjects);
        groups = Set.copyOf(groups);
    }

    public boolean admits(String subject, Set<String> memberOf) {
        if (subjects.contains(subject)) {
            return true;
        }
        for (String group : memberOf) {
            if (groups.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
