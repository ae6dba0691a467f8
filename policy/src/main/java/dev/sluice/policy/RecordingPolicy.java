package dev.sluice.policy;

/** How much of a session is recorded. */
@FunctionalInterface
public interface RecordingPolicy {
    RecordingPolicy METADATA = request -> RecordingLevel.METADATA;

    RecordingLevel levelFor(ConnectRequest request);
}
