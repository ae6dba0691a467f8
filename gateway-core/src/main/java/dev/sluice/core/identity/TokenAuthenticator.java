package dev.sluice.core.identity;

import java.net.InetAddress;

/** Turns a client's access token into an {@link Identity}, or refuses it. Thread-safe. */
public interface TokenAuthenticator {
    /**
     * @param client the client's address: development-issuer tokens are accepted from loopback only
     * @throws AuthenticationException naming what was wrong with the token
     */
    Identity authenticate(AccessToken token, InetAddress client) throws AuthenticationException;
}
