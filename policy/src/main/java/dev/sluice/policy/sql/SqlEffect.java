package dev.sluice.policy.sql;

import java.util.EnumSet;
import java.util.Set;

/** What running a statement can do. A statement is read-only when it has no effect outside {@link #HARMLESS}. */
public enum SqlEffect {
    READ,
    /** Changes table data, sequences, large objects, or takes row or table locks that block writers. */
    WRITE,
    /** Changes the schema. */
    DDL,
    /** Changes who may do what: grants, roles, ownership, row-level security. */
    PRIVILEGE,
    TRANSACTION_CONTROL,
    SESSION_CHANGE,
    /**
     * Can leave read-only mode or change identity: {@code SET [default_]transaction_read_only}, {@code BEGIN
     * READ WRITE}, {@code RESET ALL}, {@code SET ROLE}, {@code SET SESSION AUTHORIZATION}, {@code set_config}.
     */
    READ_ONLY_SWITCH_OFF,
    /** Reads or writes server files or runs a server program ({@code COPY ... PROGRAM}, {@code pg_read_file}). */
    FILE_OR_PROGRAM_ACCESS,
    /** Calls a built-in that acts outside the statement even in a read-only transaction. */
    DANGEROUS_FUNCTION,
    /** Runs code whose text is not visible here: DO blocks, CALL, EXECUTE of a prepared statement. */
    OPAQUE,
    /** Could not be classified; fail closed. */
    UNCLASSIFIED;

    /** Effects a read-only identity may have. */
    public static final Set<SqlEffect> HARMLESS =
            Set.copyOf(EnumSet.of(READ, TRANSACTION_CONTROL, SESSION_CHANGE));
}
