package dev.sluice.core.identity;

import java.util.Locale;

/** Why a token was refused; also the {@code reason} tag of the authentication metric. */
public enum AuthFailure {
    MALFORMED,
    EXPIRED,
    NOT_YET_VALID,
    UNTRUSTED_ISSUER,
    WRONG_AUDIENCE,
    DISALLOWED_ALGORITHM,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    MISSING_CLAIM,
    /** The development issuer's token came from a non-loopback client. */
    NOT_LOOPBACK,
    /** The provider's discovery document or key set could not be fetched. */
    PROVIDER_UNAVAILABLE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
