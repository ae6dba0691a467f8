package dev.sluice.core.audit;

/**
 * What verifying one session found.
 *
 * @param lastGoodSeq the last event whose hash and chain check out, -1 when none does
 * @param detail what is wrong and where (for {@code TAMPERED}), or a note; never null
 */
public record VerificationResult(String sessionId, Status status, long lastGoodSeq, String detail) {
    public enum Status {
        /** Chain intact and the seal's signature valid. */
        OK,
        /** Chain intact so far, no seal, and the index says the session is still recording. */
        OPEN,
        /** Chain intact up to {@code lastGoodSeq}, no seal: the gateway stopped mid-session. Not tampering. */
        CUT_OFF,
        /** Removed by retention, as the (verified) deletion log records. */
        DELETED,
        /** Changed, removed, inserted or reordered events, a truncated file, or a missing or invalid seal. */
        TAMPERED
    }

    public boolean tampered() {
        return status == Status.TAMPERED;
    }

    /** One line for a terminal: {@code ID OK}, {@code ID CUT_OFF (last seq 7)}, {@code ID TAMPERED (...)}. */
    public String describe() {
        return switch (status) {
            case OK -> sessionId + " OK" + (detail.isEmpty() ? "" : " (" + detail + ")");
            case OPEN, CUT_OFF -> sessionId + " " + status + " (last seq " + lastGoodSeq + (detail.isEmpty() ? "" : ", " + detail) + ")";
            case DELETED, TAMPERED -> sessionId + " " + status + " (" + detail + ")";
        };
    }
}
