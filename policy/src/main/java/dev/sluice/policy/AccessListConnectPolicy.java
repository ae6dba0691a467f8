package dev.sluice.policy;

import java.util.Map;
import java.util.stream.Collectors;

/** Applies the {@code allow} list of each connection. Unknown connections and unlisted identities are denied. */
public final class AccessListConnectPolicy implements ConnectPolicy {
    private final Map<String, AccessList> byConnection;

    public AccessListConnectPolicy(Map<String, AccessList> byConnection) {
        this.byConnection = Map.copyOf(byConnection);
    }

    @Override
    public ConnectDecision decide(ConnectRequest request) {
        AccessList allowed = byConnection.get(request.connection());
        String rule = "connections." + request.connection() + ".allow";
        if (allowed == null) {
            return new ConnectDecision.Deny("default-deny", "unknown connection \"" + request.connection() + "\"");
        }
        if (allowed.admits(request.subject(), request.groups())) {
            return new ConnectDecision.Allow(rule, false);
        }
        String groups = allowed.groups().stream().sorted().collect(Collectors.joining(", "));
        return new ConnectDecision.Deny(rule, groups.isEmpty()
                ? "subject \"" + request.subject() + "\" may not use connection \"" + request.connection() + "\""
                : "connection \"" + request.connection() + "\" requires membership of one of the groups: " + groups);
    }
}
