package dev.sluice.policy.mask;

import java.util.List;
import java.util.Objects;

/**
 * One {@code mask:} entry. Without detectors it masks whole values of the selected columns. With detectors
 * it masks what they find in the selected columns (every column when the selector is empty) and in free
 * text: only the found spans, or with {@link Scope#VALUE} the whole value.
 */
public record MaskRule(String name, ColumnSelector columns, List<Detector> detectors, Masker masker, Scope scope) {

    public MaskRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(columns, "columns");
        detectors = List.copyOf(detectors);
        Objects.requireNonNull(masker, "masker");
        Objects.requireNonNull(scope, "scope");
        if (detectors.isEmpty() && columns.coversAll()) {
            throw new IllegalArgumentException("rule " + name + " selects no columns and no detectors");
        }
    }

    public static MaskRule columns(String name, ColumnSelector columns, Masker masker) {
        return new MaskRule(name, columns, List.of(), masker, Scope.VALUE);
    }

    public static MaskRule detectors(String name, List<Detector> detectors, Masker masker, Scope scope) {
        return new MaskRule(name, ColumnSelector.ALL, detectors, masker, scope);
    }

    public boolean isWholeColumn() {
        return detectors.isEmpty();
    }

    /** What a detector rule masks when it finds something. */
    public enum Scope {
        /** Only the characters the detector found. */
        SPANS,
        /** The whole value containing them. */
        VALUE
    }
}
