package dev.sluice.postgres.backend;

import java.util.Map;

/**
 * What Sluice logs in to a backend with. The password comes from the vault for this one login and is never
 * printed.
 *
 * @param parameters further startup parameters passed on from the client (application_name, client_encoding...)
 */
public record BackendLogin(String username, String database, String password, Map<String, String> parameters) {
    public BackendLogin {
        parameters = Map.copyOf(parameters);
    }

    @Override
    public String toString() {
        return "BackendLogin[username=" + username + ", database=" + database + ", password=****]";
    }
}
