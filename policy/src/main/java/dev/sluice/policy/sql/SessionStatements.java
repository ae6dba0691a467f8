package dev.sluice.policy.sql;

import static dev.sluice.policy.sql.SqlEffect.FILE_OR_PROGRAM_ACCESS;
import static dev.sluice.policy.sql.SqlEffect.READ;
import static dev.sluice.policy.sql.SqlEffect.READ_ONLY_SWITCH_OFF;
import static dev.sluice.policy.sql.SqlEffect.SESSION_CHANGE;
import static dev.sluice.policy.sql.SqlEffect.TRANSACTION_CONTROL;
import static dev.sluice.policy.sql.SqlEffect.WRITE;

import java.util.Locale;
import java.util.Set;

/** Transaction control and session settings, with the ways they can switch read-only mode off. */
final class SessionStatements {

    /** Spellings PostgreSQL's boolean parser reads as true. */
    private static final Set<String> TRUE_SPELLINGS = Set.of("t", "tr", "tru", "true", "y", "ye", "yes", "on", "1");

    private SessionStatements() {}

    static void transaction(Tokens t, StatementBuilder b) {
        String first = t.word(0);
        switch (first) {
            case "begin" -> b.kind(StatementKind.TRANSACTION, "BEGIN", TRANSACTION_CONTROL);
            case "start" -> b.kind(StatementKind.TRANSACTION, "START TRANSACTION", TRANSACTION_CONTROL);
            case "savepoint" -> b.kind(StatementKind.TRANSACTION, "SAVEPOINT", TRANSACTION_CONTROL);
            case "release" -> b.kind(StatementKind.TRANSACTION, "RELEASE", TRANSACTION_CONTROL);
            case "commit", "end" -> b.kind(StatementKind.TRANSACTION, "COMMIT", TRANSACTION_CONTROL);
            case "rollback", "abort" -> b.kind(StatementKind.TRANSACTION, "ROLLBACK", TRANSACTION_CONTROL);
            case "prepare" -> b.kind(StatementKind.TRANSACTION, "PREPARE TRANSACTION", TRANSACTION_CONTROL, WRITE);
            default -> b.unclassified("unknown transaction statement");
        }
        if (t.kw(1, "prepared") && (first.equals("commit") || first.equals("rollback"))) {
            b.commandTag = first.toUpperCase(Locale.ROOT) + " PREPARED";
            b.effect(WRITE);
        }
        if (readWrite(t)) {
            b.effect(READ_ONLY_SWITCH_OFF);
        }
    }

    static void set(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.SESSION, "SET", SESSION_CHANGE);
        int i = 1;
        if (t.kw(1, "transaction") || t.kw(1, "constraints")) {
            b.kind = StatementKind.TRANSACTION;
            b.effects.remove(SESSION_CHANGE);
            b.effect(TRANSACTION_CONTROL);
            b.commandTag = t.kw(1, "constraints") ? "SET CONSTRAINTS" : "SET";
        } else if (t.kw(1, "session") && t.kw(2, "characteristics")) {
            b.name = "default_transaction_read_only";
        } else {
            if (t.kwAny(i, "session", "local") && !t.kw(i + 1, "authorization")) {
                i++;
            }
            if (t.kw(i, "role") || (t.kw(i, "session") && t.kw(i + 1, "authorization"))) {
                b.name = t.kw(i, "role") ? "role" : "session_authorization";
                b.effect(READ_ONLY_SWITCH_OFF);
                return;
            }
            int end = t.nameEnd(i);
            if (end == i) {
                b.unclassified("SET without a setting name");
                return;
            }
            String setting = t.joinName(i, end).toLowerCase(Locale.ROOT);
            b.name = setting;
            boolean assigns = t.kw(end, "to") || (t.is(end, SqlTokenType.OPERATOR) && t.get(end).value().equals("="));
            if (BuiltinFunctions.READ_ONLY_SETTINGS.contains(setting) && !(assigns && isTrue(t, end + 1))) {
                b.effect(READ_ONLY_SWITCH_OFF);
            }
        }
        if (readWrite(t)) {
            b.effect(READ_ONLY_SWITCH_OFF);
        }
    }

    static void reset(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.SESSION, "RESET", SESSION_CHANGE);
        int end = t.nameEnd(1);
        String setting = t.joinName(1, end).toLowerCase(Locale.ROOT);
        if (t.kw(1, "session") && t.kw(2, "authorization")) {
            setting = "session_authorization";
        }
        b.name = setting;
        if (setting.equals("all") || BuiltinFunctions.READ_ONLY_SETTINGS.contains(setting) || end == 1) {
            b.effect(READ_ONLY_SWITCH_OFF);
        }
    }

    static void show(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.SESSION, "SHOW", READ);
        int end = t.nameEnd(1);
        if (end > 1) {
            b.name = t.joinName(1, end).toLowerCase(Locale.ROOT);
        }
    }

    static void discard(Tokens t, StatementBuilder b) {
        String what = t.word(1).toUpperCase(Locale.ROOT);
        b.kind(StatementKind.SESSION, "DISCARD " + what, SESSION_CHANGE);
        if (!Set.of("PLANS", "SEQUENCES", "TEMP", "TEMPORARY").contains(what)) {
            b.effect(READ_ONLY_SWITCH_OFF);
        }
    }

    static void load(StatementBuilder b) {
        b.kind(StatementKind.SESSION, "LOAD", SESSION_CHANGE, FILE_OR_PROGRAM_ACCESS);
    }

    /** A {@code READ WRITE} transaction mode anywhere at top level. */
    private static boolean readWrite(Tokens t) {
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.depth(i) == 0 && t.kw(i, "read") && t.kw(i + 1, "write")) {
                return true;
            }
        }
        return false;
    }

    /** True only for a single value PostgreSQL reads as boolean true; anything else fails closed. */
    private static boolean isTrue(Tokens t, int i) {
        if (i != t.size() - 1) {
            return false;
        }
        SqlToken value = t.get(i);
        boolean plain = value.is(SqlTokenType.IDENTIFIER) || value.is(SqlTokenType.STRING)
                || value.is(SqlTokenType.NUMBER);
        return plain && TRUE_SPELLINGS.contains(value.value().trim().toLowerCase(Locale.ROOT));
    }
}
