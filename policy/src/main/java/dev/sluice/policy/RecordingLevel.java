package dev.sluice.policy;

/** How much of a session a rule asks to record; the highest level among the rules that apply wins. */
public enum RecordingLevel {
    NONE,
    /** Who did what and the decision, without statement results or command output. */
    METADATA,
    /** Also the rows of each result (after masking, up to a limit per result), for replay. */
    FULL;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
