package dev.sluice.core.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a verified token's claims (whose registered claims Nimbus already type-checked while parsing) and turns them into an {@link Identity}, in a fixed order: {@code exp},
 * {@code nbf}, {@code aud}, {@code sub}, groups. A token without {@code exp} is refused as
 * {@link AuthFailure#MISSING_CLAIM}: a bearer token that never expires is not accepted.
 */
final class TokenClaims {
    private static final Pattern GROUP_SEPARATORS = Pattern.compile("[\\s,]+");

    private TokenClaims() {
    }

    static Identity identity(JWTClaimsSet claims, String issuer, TrustedIssuer trusted, Instant now, Duration skew)
            throws AuthenticationException {
        Instant expiresAt = checkTime(claims, now, skew);
        checkAudience(claims.getAudience(), trusted.audiences());
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new AuthenticationException(AuthFailure.MISSING_CLAIM, "access token has no sub claim");
        }
        Set<String> groups = groups(claims, trusted.groupsClaim());
        return new Identity(subject, groups, issuer, trusted.provider(), expiresAt);
    }

    private static Instant checkTime(JWTClaimsSet claims, Instant now, Duration skew) throws AuthenticationException {
        Date expiration = claims.getExpirationTime();
        if (expiration == null) {
            throw new AuthenticationException(AuthFailure.MISSING_CLAIM, "access token has no exp claim");
        }
        Instant expiresAt = expiration.toInstant();
        if (now.isAfter(expiresAt.plus(skew))) {
            throw new AuthenticationException(AuthFailure.EXPIRED, "access token expired at " + expiresAt);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(skew).isBefore(notBefore.toInstant())) {
            throw new AuthenticationException(AuthFailure.NOT_YET_VALID,
                    "access token is not valid before " + notBefore.toInstant());
        }
        return expiresAt;
    }

    private static void checkAudience(List<String> tokenAudience, List<String> accepted) throws AuthenticationException {
        if (tokenAudience.stream().noneMatch(accepted::contains)) {
            String expected = accepted.size() == 1 ? accepted.get(0) : "any of " + String.join(", ", accepted);
            throw new AuthenticationException(AuthFailure.WRONG_AUDIENCE, "token audience does not include " + expected);
        }
    }

    /** A JSON array of strings, or one string separated by spaces or commas; absent means no groups. */
    private static Set<String> groups(JWTClaimsSet claims, String claimName) throws AuthenticationException {
        Object value = claims.getClaim(claimName);
        Set<String> groups = new LinkedHashSet<>();
        if (value == null) {
            return groups;
        }
        if (value instanceof String text) {
            Arrays.stream(GROUP_SEPARATORS.split(text.strip())).filter(g -> !g.isEmpty()).forEach(groups::add);
            return groups;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof String group)) {
                    throw groupsMalformed(claimName);
                }
                groups.add(group);
            }
            return groups;
        }
        throw groupsMalformed(claimName);
    }

    private static AuthenticationException groupsMalformed(String claimName) {
        return new AuthenticationException(AuthFailure.MALFORMED,
                "token claim " + claimName + " must be a list of strings or one string");
    }
}
