package dev.sluice.policy.sql;

/** What sort of statement PostgreSQL will run; policies match on it together with {@link SqlEffect}s. */
public enum StatementKind {
    /** {@code SELECT}, {@code VALUES}, {@code TABLE t}, and {@code WITH ... SELECT}. */
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    MERGE,
    /** {@code COPY ... TO}: reads a table or query out. */
    COPY_TO,
    /** {@code COPY ... FROM}: loads rows into a table. */
    COPY_FROM,
    /** CREATE, ALTER, DROP, TRUNCATE, COMMENT, IMPORT FOREIGN SCHEMA, and {@code SELECT ... INTO}. */
    DDL,
    /** GRANT, REVOKE, roles, user mappings, row-level security policies, default privileges, security labels. */
    PRIVILEGE,
    /** BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, SET TRANSACTION, two-phase commit. */
    TRANSACTION,
    /** SET, RESET, SHOW, DISCARD, LOAD. */
    SESSION,
    PREPARE,
    EXECUTE,
    DEALLOCATE,
    EXPLAIN,
    DO,
    CALL,
    LISTEN,
    NOTIFY,
    UNLISTEN,
    LOCK,
    /** VACUUM, ANALYZE, CLUSTER, REINDEX, CHECKPOINT, REFRESH MATERIALIZED VIEW. */
    MAINTENANCE,
    /** DECLARE, FETCH, MOVE, CLOSE. */
    CURSOR,
    /** Not understood; treated as the most dangerous kind. */
    UNCLASSIFIED
}
