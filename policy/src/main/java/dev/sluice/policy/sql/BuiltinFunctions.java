package dev.sluice.policy.sql;

import static dev.sluice.policy.sql.SqlEffect.DANGEROUS_FUNCTION;
import static dev.sluice.policy.sql.SqlEffect.FILE_OR_PROGRAM_ACCESS;
import static dev.sluice.policy.sql.SqlEffect.OPAQUE;
import static dev.sluice.policy.sql.SqlEffect.SESSION_CHANGE;
import static dev.sluice.policy.sql.SqlEffect.WRITE;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Built-in functions with effects beyond the statement that calls them, most of which PostgreSQL allows even
 * in a read-only transaction. Matched on the unqualified name whatever the schema, so a same-named user
 * function is flagged too (fail closed). Functions that run SQL given as text are listed separately: the
 * classifier classifies that text when it is a literal.
 */
final class BuiltinFunctions {

    private static final Set<String> FILE_ACCESS = Set.of(
            "pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_dir", "pg_ls_logdir", "pg_ls_waldir",
            "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir", "pg_ls_logicalmapdir",
            "pg_ls_replslotdir", "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync",
            "pg_file_read", "pg_logdir_ls", "pg_show_all_file_settings", "pg_hba_file_rules",
            "pg_ident_file_mappings", "lo_import", "lo_export");

    /** Writes even in a read-only transaction, or assigns a transaction id, or writes WAL or index pages. */
    private static final Set<String> WRITING = Set.of(
            "nextval", "setval", "lo_create", "lo_creat", "lo_unlink", "lo_put", "lo_from_bytea", "lowrite",
            "lo_truncate", "lo_truncate64", "lo_open", "lo_import", "pg_notify", "txid_current",
            "pg_current_xact_id", "pg_logical_emit_message", "brin_summarize_new_values", "brin_summarize_range",
            "brin_desummarize_range", "gin_clean_pending_list", "pg_import_system_collations",
            "pg_create_restore_point", "pg_switch_wal", "pg_switch_xlog", "pg_truncate_visibility_map",
            "pg_nextoid", "pg_stat_statements_reset", "dblink_exec", "pg_replication_origin_create",
            "pg_replication_origin_drop", "pg_replication_origin_advance", "pg_replication_slot_advance",
            "pg_logical_slot_get_changes", "pg_logical_slot_get_binary_changes");

    /** Act on other sessions, the server, replication, or session state, without writing table data. */
    private static final Set<String> DANGEROUS = Set.of(
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_rotate_logfile_old", "pg_log_backend_memory_contexts", "set_config", "pg_promote",
            "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_backup_start", "pg_backup_stop",
            "pg_start_backup", "pg_stop_backup", "pg_create_physical_replication_slot",
            "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_copy_physical_replication_slot",
            "pg_copy_logical_replication_slot", "pg_logical_slot_peek_changes",
            "pg_logical_slot_peek_binary_changes", "pg_replication_origin_session_setup",
            "pg_replication_origin_session_reset", "pg_replication_origin_xact_setup", "loread", "lo_get",
            "lo_close", "lo_lseek", "lo_lseek64", "lo_tell", "lo_tell64");

    /** Name prefixes of function families that are dangerous as a whole. */
    private static final Map<String, Set<SqlEffect>> DANGEROUS_PREFIXES = Map.of(
            "pg_advisory_", EnumSet.of(DANGEROUS_FUNCTION),
            "pg_try_advisory_", EnumSet.of(DANGEROUS_FUNCTION),
            "dblink", EnumSet.of(DANGEROUS_FUNCTION, OPAQUE),
            "lo_", EnumSet.of(DANGEROUS_FUNCTION),
            "pg_stat_reset", EnumSet.of(DANGEROUS_FUNCTION, WRITE),
            "binary_upgrade_", EnumSet.of(DANGEROUS_FUNCTION, WRITE),
            "pg_replication_origin_", EnumSet.of(DANGEROUS_FUNCTION),
            "pg_logical_slot_", EnumSet.of(DANGEROUS_FUNCTION, WRITE));

    /** Functions that run SQL passed as text, with the zero-based index of that argument. */
    private static final Map<String, Integer> SQL_TEXT_ARGUMENT = Map.of(
            "query_to_xml", 0, "query_to_xmlschema", 0, "query_to_xml_and_xmlschema", 0,
            "ts_stat", 0, "ts_rewrite", 1);

    /** Settings whose change can leave read-only mode or change identity. */
    static final Set<String> READ_ONLY_SETTINGS = Set.of(
            "transaction_read_only", "default_transaction_read_only", "role", "session_authorization");

    private BuiltinFunctions() {}

    /** The effects of calling {@code name} (unqualified, as PostgreSQL folded it); empty for ordinary ones. */
    static EnumSet<SqlEffect> effectsOf(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        EnumSet<SqlEffect> effects = EnumSet.noneOf(SqlEffect.class);
        if (FILE_ACCESS.contains(lower)) {
            effects.add(FILE_OR_PROGRAM_ACCESS);
            effects.add(DANGEROUS_FUNCTION);
        }
        if (WRITING.contains(lower)) {
            effects.add(WRITE);
            effects.add(DANGEROUS_FUNCTION);
        }
        if (DANGEROUS.contains(lower)) {
            effects.add(DANGEROUS_FUNCTION);
        }
        if (lower.equals("set_config")) {
            effects.add(SESSION_CHANGE);
        }
        DANGEROUS_PREFIXES.forEach((prefix, prefixEffects) -> {
            if (lower.startsWith(prefix)) {
                effects.addAll(prefixEffects);
            }
        });
        return effects;
    }

    /**
     * Index of the argument holding SQL text, or -1 when {@code name} with {@code arity} arguments runs no
     * SQL of its own ({@code ts_rewrite} takes a query only in its two-argument form).
     */
    static int sqlTextArgument(String name, int arity) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("ts_rewrite") && arity != 2) {
            return -1;
        }
        return SQL_TEXT_ARGUMENT.getOrDefault(lower, -1);
    }
}
