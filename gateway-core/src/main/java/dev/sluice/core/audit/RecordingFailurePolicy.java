package dev.sluice.core.audit;

/** What a session does when its recording cannot keep up or cannot be written. */
public enum RecordingFailurePolicy {
    /** {@link SessionRecording#healthy()} turns false: the protocol refuses further operations (fail closed). */
    REFUSE,
    /** The session goes on; the recording is flagged incomplete (dropped count in the seal and the index). */
    CONTINUE_AND_FLAG
}
