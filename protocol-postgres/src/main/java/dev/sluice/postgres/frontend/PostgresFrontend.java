package dev.sluice.postgres.frontend;

import dev.sluice.postgres.enforce.Answers;
import dev.sluice.core.server.GatewayContext;
import dev.sluice.postgres.backend.BackendConnector;
import dev.sluice.postgres.backend.BackendEndpoint;
import io.netty.handler.ssl.SslContext;
import dev.sluice.policy.sql.SqlClassifier;
import dev.sluice.postgres.mask.CatalogLookup;
import java.util.Map;

/** What every client channel of one Postgres listener shares. */
record PostgresFrontend(
        GatewayContext context,
        SslContext sslContext,
        boolean allowPlaintext,
        Gatekeeper gatekeeper,
        Map<String, BackendEndpoint> endpoints,
        BackendConnector connector,
        CancelRegistry cancels,
        SqlClassifier classifier,

        Map<String, CatalogLookup> catalogs,
        PostgresMetrics metrics,
        Answers answers,
        GrantedSessions grantedSessions) {

    BackendEndpoint endpoint(String connection) {
        return endpoints.get(connection);
    }
}
