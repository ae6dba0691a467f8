package dev.sluice.core.identity;

import java.time.Instant;
import java.util.Set;

/**
 * Who is on the other end, as proven by a validated access token.
 *
 * @param provider the configured provider name that vouched for it
 * @param expiresAt when the token stops being valid
 */
public record Identity(String subject, Set<String> groups, String issuer, String provider, Instant expiresAt) {
    public Identity {
        groups = Set.copyOf(groups);
    }
}
