package dev.sluice.policy.mask;

/** Receives the spans a {@link Detector} finds, in increasing order of start, as {@code [start, end)} indexes. */
@FunctionalInterface
public interface MatchSink {

    void match(int start, int end);

    /**
     * Called when a detector gave up on the text (an operator's regular expression ran past its budget). The
     * detector reports the whole text as a match as well, so the value fails closed; this is for counting.
     */
    default void budgetExceeded(String detector) {}
}
