package dev.sluice.policy;

/** How much of a session a rule asks to record. Parsed and carried; the recorder applies it. */
public enum RecordingLevel {
    NONE,
    /** Who did what and the decision, without statement results or command output. */
    METADATA,
    /** Everything, for replay. */
    FULL;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
