package dev.sluice.core.identity;

import java.util.List;
import java.util.Set;

/**
 * What a trusted issuer's tokens must satisfy once their signature verifies.
 *
 * @param provider the name reported in {@link Identity#provider()}
 * @param audiences a token must name at least one of these in {@code aud}
 * @param algorithms the JWS algorithm names accepted from this issuer
 */
record TrustedIssuer(String provider, List<String> audiences, String groupsClaim, Set<String> algorithms) {
    TrustedIssuer {
        audiences = List.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
    }
}
