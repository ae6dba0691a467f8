package dev.sluice.core.access;

/** A request to the access service was refused; the message says what and why, and is safe to show the caller. */
public final class AccessException extends RuntimeException {
    public enum Kind {
        /** The input is invalid (lifetime too long, unknown scope, ...). */
        INVALID,
        /** No such request or grant. */
        NOT_FOUND,
        /** The approver is the requester. */
        SELF_APPROVAL,
        /** The caller is not allowed to do this (not an approver, not the owner). */
        FORBIDDEN,
        /** The request or grant is no longer in a state that allows this (already answered, ended). */
        CONFLICT,
        /** The caller has too many pending requests. */
        TOO_MANY
    }

    private final Kind kind;

    public AccessException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
