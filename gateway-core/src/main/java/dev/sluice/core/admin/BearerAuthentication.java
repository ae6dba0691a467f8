package dev.sluice.core.admin;

import dev.sluice.core.identity.AccessToken;
import dev.sluice.core.identity.AuthenticationException;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.identity.TokenAuthenticator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Who sent an admin API request, from its {@code Authorization: Bearer} OIDC token. The admin request carries no
 * client address, so tokens are checked as for a non-loopback client: the development issuer's tokens are refused.
 */
public final class BearerAuthentication {
    /** The caller's identity, or the 401 to answer. */
    public sealed interface Result {
    }

    public record Authenticated(Identity identity) implements Result {
    }

    public record Refused(AdminResponse response) implements Result {
    }

    private BearerAuthentication() {
    }

    public static Result authenticate(AdminRequest request, TokenAuthenticator authenticator) {
        String header = request.header("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return new Refused(AdminResponse.error(401, "a bearer token is required", Map.of()));
        }
        try {
            return new Authenticated(authenticator.authenticate(new AccessToken(header.substring(7).trim()), notLoopback()));
        } catch (AuthenticationException e) {
            return new Refused(AdminResponse.error(401, "token refused: " + e.getMessage(), Map.of("reason", e.reason().tag())));
        }
    }

    private static InetAddress notLoopback() {
        try {
            return InetAddress.getByAddress(new byte[] {0, 0, 0, 0});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
