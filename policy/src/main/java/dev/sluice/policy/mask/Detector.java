package dev.sluice.policy.mask;

/**
 * Finds one kind of sensitive value in text. Runs on every text value of a result, so implementations scan
 * linearly, allocate nothing unless they find a candidate, and are thread-safe.
 */
public interface Detector {

    /** The name rules refer to it by, and the name its counts are reported under. */
    String name();

    /**
     * False only when {@code value} certainly holds nothing this detector would report: a necessary condition,
     * checked on the value's UTF-8 bytes before it is decoded. Must never be false for a value {@link #find}
     * would match; the default, true, rules nothing out.
     */
    default boolean mayMatch(ValueProfile value) {
        return true;
    }

    /** Reports each sensitive span of {@code text}, left to right, without overlaps. */
    void find(CharSequence text, MatchSink sink);

    /** Whether the whole value, not just part of it, is one instance of this kind. */
    default boolean matchesWhole(String value) {
        if (value.isEmpty()) {
            return false;
        }
        boolean[] whole = {false};
        find(value, (start, end) -> whole[0] |= start == 0 && end == value.length());
        return whole[0];
    }
}
