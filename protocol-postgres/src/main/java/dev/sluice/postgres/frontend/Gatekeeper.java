package dev.sluice.postgres.frontend;

import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.ClientRequests;
import dev.sluice.core.access.GrantUse;
import dev.sluice.core.access.Scope;
import dev.sluice.core.access.UseUnit;
import dev.sluice.policy.GrantTerms;
import dev.sluice.postgres.enforce.SessionGrant;
import dev.sluice.core.config.ConnectionConfig;
import dev.sluice.core.config.Protocol;
import dev.sluice.core.identity.AccessToken;
import dev.sluice.core.identity.AuthenticationException;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.server.GatewayContext;
import dev.sluice.core.vault.Secret;
import dev.sluice.core.vault.VaultException;
import dev.sluice.policy.ConnectDecision;
import dev.sluice.policy.ConnectRequest;
import dev.sluice.postgres.message.SqlState;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a client may open a session: token, then connect policy, then the backend credentials.
 * Blocking (key fetches, vault files): run it on the gateway's blocking executor.
 */
final class Gatekeeper {
    private static final Logger log = LoggerFactory.getLogger(Gatekeeper.class);

    private final GatewayContext context;

    Gatekeeper(GatewayContext context) {
        this.context = context;
    }

    Admission admit(AccessToken token, InetAddress client, String connectionName) throws Refusal {
        Identity identity;
        try {
            identity = context.authenticator().authenticate(token, client);
        } catch (AuthenticationException e) {
            log.info("authentication refused: client={} connection={} reason={} ({})", client.getHostAddress(),
                    connectionName, e.reason().tag(), e.getMessage());
            throw new Refusal(Refusal.Stage.AUTHENTICATION, SqlState.INVALID_AUTHORIZATION, e.getMessage(), e.reason().tag());
        } catch (RuntimeException e) {
            log.error("token validation failed unexpectedly for client {}", client.getHostAddress(), e);
            throw new Refusal(Refusal.Stage.AUTHENTICATION, SqlState.INVALID_AUTHORIZATION, "the access token could not be validated",
                    "internal_error");
        }
        ConnectDecision decision = context.connectPolicy()
                .decide(new ConnectRequest(identity.subject(), identity.groups(), connectionName, Protocol.POSTGRES.yamlName()));
        if (decision instanceof ConnectDecision.Deny deny) {
            log.info("session refused: subject={} connection={} rule={} reason=\"{}\"", identity.subject(), connectionName,
                    deny.rule(), deny.reason());
            throw new Refusal(Refusal.Stage.AUTHORIZATION, SqlState.INVALID_AUTHORIZATION, "access denied: " + deny.reason(), "denied");
        }
        Optional<ConnectionConfig> connection = context.config().connection(connectionName)
                .filter(c -> c.protocol() == Protocol.POSTGRES);
        if (connection.isEmpty()) {
            throw new Refusal(Refusal.Stage.AUTHORIZATION, SqlState.INVALID_AUTHORIZATION,
                    "access denied: unknown connection \"" + connectionName + "\"", "denied");
        }
        Secret password;
        try {
            password = context.vault().resolve(connection.get().credentials().password());
        } catch (VaultException e) {
            log.error("connection {}: backend credentials unavailable: {}", connectionName, e.getMessage());
            throw new Refusal(Refusal.Stage.BACKEND, SqlState.UNABLE_TO_CONNECT, "connection \"" + connectionName
                    + "\" is unavailable: its credentials could not be read (see the gateway log)", "credentials_unavailable");
        }
        ConnectDecision.Allow allow = (ConnectDecision.Allow) decision;
        SessionGrant grant = allow.grant() == null ? null : grant(identity, connectionName, allow);
        boolean readOnly = allow.readOnly() || grant != null && grant.grant().scope().readOnly();
        return new Admission(identity, connection.get(), decision.rule(), readOnly, password, grant);
    }

    /**
     * The grant a session admitted by a {@code require_grant} rule starts under: with uses counted in sessions, it
     * takes one; with uses counted in operations, the statements will.
     */
    private SessionGrant grant(Identity identity, String connectionName, ConnectDecision.Allow allow) throws Refusal {
        AccessService access = context.access();
        GrantTerms terms = allow.grant();
        String needs = "access denied: connection \"" + connectionName + "\" needs a just-in-time grant (rule " + allow.rule() + ")";
        if (access == null) {
            throw new Refusal(Refusal.Stage.AUTHORIZATION, SqlState.INVALID_AUTHORIZATION,
                    needs + ", and this gateway grants none", "grant_required");
        }
        GrantUse use = terms.perOperation()
                ? access.activeGrant(identity.subject(), connectionName, null)
                : access.useGrant(identity.subject(), connectionName, null);
        if (use instanceof GrantUse.Granted granted) {
            log.info("session granted: subject={} connection={} grant={} uses_left={}", identity.subject(), connectionName,
                    granted.grant().id(), granted.grant().usesLeft());
            return new SessionGrant(granted.grant(), allow.rule(), terms);
        }
        GrantUse.Refused refused = (GrantUse.Refused) use;
        String hint = ClientRequests.pointTo(access, identity, connectionName, new Scope(terms.scope(), null), terms.maxTtl(),
                terms.maxUses(), terms.perOperation() ? UseUnit.OPERATIONS : UseUnit.SESSIONS);
        log.info("session refused: subject={} connection={} rule={} reason=\"{}\"", identity.subject(), connectionName,
                allow.rule(), refused.message());
        throw new Refusal(Refusal.Stage.AUTHORIZATION, SqlState.INVALID_AUTHORIZATION,
                needs + ": " + refused.message() + "; " + hint, "grant_required");
    }
}
