package dev.sluice.policy.mask;

import java.util.Objects;

/**
 * One column of a result as the wire layer resolved it from RowDescription: the table's name (null for a
 * computed column or when the table is unknown; {@code schema.table} or {@code table}), the column's name,
 * and how its values travel.
 */
public record ColumnRef(String tableName, String columnName, ValueForm form) {

    public ColumnRef {
        Objects.requireNonNull(columnName, "columnName");
        Objects.requireNonNull(form, "form");
    }

    public static ColumnRef text(String tableName, String columnName) {
        return new ColumnRef(tableName, columnName, ValueForm.FREE_TEXT);
    }

    /** How a column's values travel, which decides what a mask may replace them with. */
    public enum ValueForm {
        /**
         * Text format of a type that accepts any text (text, varchar, char, name, citext, json, xml); also
         * binary format of text and varchar, whose bytes are the same UTF-8. Masked values are sent as text.
         */
        FREE_TEXT,
        /**
         * Text format of a type with its own syntax (integer, numeric, date, uuid, ...): detectors read the
         * text, but a value that must be masked becomes SQL NULL unless the masker preserves any type.
         */
        TYPED_TEXT,
        /** Binary format of any other type: not inspected; whole-column rules make the value SQL NULL. */
        BINARY
    }
}
