package dev.sluice.core.access;

/** The answer to {@link AccessService#useGrant}: one use was taken from a grant, or why none could be. */
public sealed interface GrantUse {
    /** One use was consumed; {@code grant} is the grant after it (uses left already decremented). */
    record Granted(Grant grant) implements GrantUse {
    }

    /** No grant could be used; {@code message} says why, fit to show the client. */
    record Refused(Reason reason, String message) implements GrantUse {
    }

    enum Reason {
        /** No grant for this connection and scope at all. */
        NONE,
        /** The only grants that would cover it have expired. */
        EXPIRED,
        /** The only grants that would cover it have no uses left. */
        EXHAUSTED,
        /** The only grants that would cover it were revoked. */
        REVOKED,
        /** A grant covers it, but it was granted to another identity. */
        OTHER_IDENTITY
    }
}
