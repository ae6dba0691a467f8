package dev.sluice.postgres.mask;

import dev.sluice.policy.mask.ColumnRef;
import java.util.Set;

/** How values of a PostgreSQL type travel, which decides what masking may do with them. */
final class ColumnForms {
    /** text, varchar, bpchar, name: any text, the same UTF-8 bytes in text and binary format. */
    static final Set<Integer> FREE_TEXT_TYPES = Set.of(25, 1043, 1042, 19);
    /** int8: binary values are decoded so detectors can read them (a card number in a bigint). */
    static final Set<Integer> BINARY_INTEGERS = Set.of(20);
    /**
     * Types whose values cannot hold what a detector looks for, in text or binary: bool, int2, int4 (at most 10
     * digits: too short for a card number, and no dashes for an SSN), floats, dates and times, uuid, oid.
     */
    static final Set<Integer> OPAQUE_TYPES = Set.of(16, 21, 23, 700, 701, 1082, 1083, 1114, 1184, 1186, 1266, 2950, 26);

    private ColumnForms() {}

    /** The form of a column, or null when its binary values cannot be masked safely and detectors are active. */
    static ColumnRef.ValueForm of(Field field, boolean detectorsActive) {
        if (FREE_TEXT_TYPES.contains(field.typeOid())) {
            return ColumnRef.ValueForm.FREE_TEXT;
        }
        if (OPAQUE_TYPES.contains(field.typeOid())) {
            return ColumnRef.ValueForm.BINARY;
        }
        if (field.format() == Field.TEXT || BINARY_INTEGERS.contains(field.typeOid())) {
            return ColumnRef.ValueForm.TYPED_TEXT;
        }
        if (!detectorsActive) {
            return ColumnRef.ValueForm.BINARY;
        }
        return null;
    }
}
