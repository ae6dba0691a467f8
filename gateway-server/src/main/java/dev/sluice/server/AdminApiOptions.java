package dev.sluice.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the admin API is and the bearer token to call it with, shared by the access commands. */
final class AdminApiOptions {
    static final String DEFAULT_ADMIN = "http://127.0.0.1:9090";
    static final String TOKEN_VARIABLE = "SLUICE_TOKEN";

    @Option(names = "--admin", defaultValue = DEFAULT_ADMIN, description = "The gateway's admin URL (default ${DEFAULT-VALUE}).")
    URI admin;

    @Option(names = "--token", description = "Your OIDC access token; prefer --token-file or $" + TOKEN_VARIABLE + ", which other users cannot see in the process list.")
    String token;

    @Option(names = "--token-file", description = "A file holding your OIDC access token.")
    Path tokenFile;

    /** The token from the option, the file or the environment, in that order; an error printed when none is given. */
    Optional<AdminApiClient> client() {
        String value = token;
        if (value == null && tokenFile != null) {
            try {
                value = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                System.err.println("sluice: cannot read --token-file " + tokenFile + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        if (value == null) {
            value = System.getenv(TOKEN_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            System.err.println("sluice: a token is required: --token, --token-file or $" + TOKEN_VARIABLE);
            return Optional.empty();
        }
        if (admin.getScheme() == null || !admin.getScheme().startsWith("http")) {
            System.err.println("sluice: --admin is an http or https URL, got " + admin);
            return Optional.empty();
        }
        return Optional.of(new AdminApiClient(admin, value.strip()));
    }
}
