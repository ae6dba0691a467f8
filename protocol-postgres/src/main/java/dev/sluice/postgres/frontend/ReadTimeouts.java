package dev.sluice.postgres.frontend;

import java.time.Duration;

/** A client must finish startup (TLS, startup message, token) within this time, or it is dropped. */
final class ReadTimeouts {
    static final String NAME = "startup-timeout";
    static final Duration STARTUP = Duration.ofSeconds(30);

    private ReadTimeouts() {}
}
