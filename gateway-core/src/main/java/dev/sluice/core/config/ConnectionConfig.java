package dev.sluice.core.config;

import dev.sluice.policy.AccessList;

/**
 * A named backend that clients reach through Sluice. A Postgres client names it as its database.
 *
 * @param allow who may use it (until YAML policies take over)
 * @param requireRecording operations are refused once the session's recording has lost events or failed,
 *                         whatever {@code audit.on_failure} says for other connections
 */
public record ConnectionConfig(String name, Protocol protocol, BackendConfig backend, CredentialsConfig credentials,
                               AccessList allow, boolean requireRecording) {
    public static final boolean DEFAULT_REQUIRE_RECORDING = false;

    public ConnectionConfig(String name, Protocol protocol, BackendConfig backend, CredentialsConfig credentials, AccessList allow) {
        this(name, protocol, backend, credentials, allow, DEFAULT_REQUIRE_RECORDING);
    }
}
