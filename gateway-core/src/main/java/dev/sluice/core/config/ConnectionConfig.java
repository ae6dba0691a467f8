package dev.sluice.core.config;

import dev.sluice.policy.AccessList;

/**
 * A named backend that clients reach through Sluice. A Postgres client names it as its database.
 *
 * @param allow who may use it (until YAML policies take over)
 */
public record ConnectionConfig(String name, Protocol protocol, BackendConfig backend, CredentialsConfig credentials, AccessList allow) {}
