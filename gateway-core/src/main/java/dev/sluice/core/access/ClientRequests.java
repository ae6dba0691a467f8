package dev.sluice.core.access;

import dev.sluice.core.identity.Identity;
import java.time.Duration;
import java.util.Optional;

/**
 * Points a client that was refused for want of a grant to a request: its own pending request for the connection,
 * or one Sluice opens for it now (for humans to answer: automatic approval is not asked).
 */
public final class ClientRequests {
    private ClientRequests() {}

    /**
     * @return a sentence fit to show the client: which request waits for whom and how to follow it, or how to
     *     request access when no request could be opened
     */
    public static String pointTo(AccessService access, Identity client, String connection, Scope scope, Duration ttl,
            Integer uses, UseUnit unit) {
        Optional<AccessRequest> pending = access.pendingRequest(client.subject(), connection);
        AccessRequest request;
        try {
            request = pending.orElseGet(() -> access.requestForClient(client, new NewRequest(connection, scope, ttl,
                    uses, unit, "opened by Sluice: " + client.subject() + " tried to use " + connection + " without a grant")));
        } catch (AccessException e) {
            return "request access with: sluice request --connection " + connection + " --for "
                    + ttl.toSeconds() + "s --reason \"...\" (Sluice could not open one: " + e.getMessage() + ")";
        }
        String approvers = request.approvers().isEmpty() ? "nobody (only policy can approve it)"
                : String.join(", ", request.approvers()) + " (quorum " + request.quorum() + ")";
        return (pending.isPresent() ? "your request " : "Sluice opened request ") + request.id()
                + ", waiting for approval by " + approvers + "; follow it with: sluice approvals list";
    }
}
