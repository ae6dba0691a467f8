package dev.sluice.policy;

import java.util.Set;

/** An authenticated identity asking to open a session on a named connection. */
public record ConnectRequest(String subject, Set<String> groups, String connection, String protocol) {
    public ConnectRequest {
        groups = Set.copyOf(groups);
    }
}
