package dev.sluice.core.access;

/**
 * Told about changes to requests and grants, after they are stored. Called on the thread that made the change
 * (an admin request, a sweep, a session using a grant), so implementations must return quickly and hand slow work
 * (HTTP, waking sessions on other threads) elsewhere. An exception is logged and does not undo the change.
 */
public interface AccessListener {
    /** A request was made; it may already be approved by an {@link AutoApprover}. */
    default void onRequest(AccessRequest request) {
    }

    /**
     * A request was answered or ended: an approver's answer (the request may still be pending when the quorum is not
     * yet met), an automatic approval, expiry or cancellation. The request's status tells which.
     */
    default void onAnswer(AccessRequest request) {
    }

    /** A grant stopped being usable; sessions running under it should end now (except after its last use). */
    default void onGrantEnded(Grant grant, GrantStatus reason) {
    }
}
