package dev.sluice.postgres.frontend;

import dev.sluice.postgres.enforce.SessionGrant;
import dev.sluice.core.config.ConnectionConfig;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.vault.Secret;

/**
 * A client that may open a session: who it is, where it goes, under which rule, whether read-only, the backend
 * password for this one login, and the grant it runs under (null when its rule needs none).
 */
record Admission(Identity identity, ConnectionConfig connection, String rule, boolean readOnly, Secret backendPassword,
        SessionGrant grant) {}
