package dev.sluice.policy.mask;

/**
 * Rewrites a sensitive value (a whole column value, or a detector's span inside one). Implementations are
 * immutable and thread-safe.
 */
public interface Masker {

    /** The name rules use for it. */
    String name();

    MaskedValue mask(String value);

    /**
     * Whether the result is still a valid value of any column type, so it may replace a binary-format value
     * or a typed (non-text) column. Only SQL NULL is.
     */
    default boolean preservesAnyType() {
        return false;
    }

    /**
     * Whether the result may have a different number of characters than the input. Byte length may differ
     * whenever the value changes; the wire layer recomputes lengths.
     */
    default boolean mayChangeLength() {
        return true;
    }
}
