package dev.sluice.policy.sql;

import static dev.sluice.policy.sql.SqlEffect.DDL;
import static dev.sluice.policy.sql.SqlEffect.OPAQUE;
import static dev.sluice.policy.sql.SqlEffect.PRIVILEGE;
import static dev.sluice.policy.sql.SqlEffect.READ;
import static dev.sluice.policy.sql.SqlEffect.READ_ONLY_SWITCH_OFF;
import static dev.sluice.policy.sql.SqlEffect.WRITE;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** CREATE/ALTER/DROP and friends: the command tag, and which of them change privileges rather than schema. */
final class DdlStatements {

    /** Object types, longest first so that {@code FOREIGN TABLE} wins over {@code FOREIGN}. */
    private static final List<String> OBJECT_TYPES = List.of(
            "text search configuration", "text search dictionary", "text search parser", "text search template",
            "foreign data wrapper", "materialized view", "default privileges", "event trigger", "foreign table",
            "operator class", "operator family", "access method", "user mapping", "large object",
            "aggregate", "cast", "collation", "conversion", "database", "domain", "extension", "function", "group",
            "index", "language", "operator", "policy", "procedure", "publication", "role", "routine", "rule",
            "schema", "sequence", "server", "statistics", "subscription", "system", "table", "tablespace",
            "transform", "trigger", "type", "user", "view", "owned");

    private static final Set<String> MODIFIERS = Set.of(
            "or", "replace", "temp", "temporary", "unlogged", "global", "local", "unique", "recursive", "trusted",
            "procedural", "default", "constraint");

    private static final Set<String> PRIVILEGE_OBJECTS = Set.of(
            "role", "user", "group", "user mapping", "policy", "default privileges", "owned");

    private DdlStatements() {}

    /** CREATE, ALTER, DROP. */
    static void createAlterDrop(Tokens t, StatementBuilder b) {
        String verb = t.word(0).toUpperCase(Locale.ROOT);
        int i = 1;
        while (MODIFIERS.contains(t.word(i)) && !(t.kw(i, "default") && t.kw(i + 1, "privileges"))) {
            i++;
        }
        String object = objectType(t, i);
        String tag = verb + " " + (object.isEmpty() ? t.word(i) : object).toUpperCase(Locale.ROOT);
        if (PRIVILEGE_OBJECTS.contains(object)) {
            b.kind(StatementKind.PRIVILEGE, tag, PRIVILEGE, DDL);
            return;
        }
        b.kind(StatementKind.DDL, tag.trim(), DDL);
        if (object.equals("system")) {
            for (int j = i; j < t.size(); j++) {
                if (BuiltinFunctions.READ_ONLY_SETTINGS.contains(t.get(j).value().toLowerCase(Locale.ROOT))
                        || t.kw(j, "all")) {
                    b.effect(READ_ONLY_SWITCH_OFF);
                }
            }
        }
        if (verb.equals("ALTER") && ownerOrSecurityChange(t)) {
            b.effect(PRIVILEGE);
        }
        if (verb.equals("CREATE") && (object.equals("table") || object.equals("materialized view"))) {
            int as = t.findAtSameDepth(i, "as");
            if (as >= 0) {
                b.commandTag = object.equals("table") ? "CREATE TABLE AS" : tag;
                b.effect(WRITE).effect(READ);
                if (t.kw(as + 1, "execute")) {
                    b.effect(OPAQUE);
                }
            }
        }
    }

    static void grantRevoke(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.PRIVILEGE, t.word(0).toUpperCase(Locale.ROOT), PRIVILEGE);
        int on = t.findAtSameDepth(0, "on");
        if (on < 0) {
            return;
        }
        int j = on + 1;
        if (t.kw(j, "table")) {
            j++;
        } else if (!objectType(t, j).isEmpty() || t.kw(j, "all")) {
            return;
        }
        while (t.name(j)) {
            int end = t.nameEnd(j);
            b.tables.add(t.joinName(j, end));
            if (!t.is(end, SqlTokenType.COMMA)) {
                break;
            }
            j = end + 1;
        }
    }

    static void truncate(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.DDL, "TRUNCATE TABLE", DDL, WRITE);
        b.whereLessWrite = true;
        tableList(t, b);
    }

    /** The {@code [TABLE] [ONLY] name [*], ...} list of TRUNCATE and LOCK, into the statement's tables. */
    static void tableList(Tokens t, StatementBuilder b) {
        int j = t.kw(1, "table") ? 2 : 1;
        while (true) {
            if (t.kw(j, "only")) {
                j++;
            }
            int end = t.nameEnd(j);
            if (end == j) {
                break;
            }
            b.tables.add(t.joinName(j, end));
            if (t.is(end, SqlTokenType.OPERATOR) && t.get(end).value().equals("*")) {
                end++;
            }
            if (!t.is(end, SqlTokenType.COMMA)) {
                break;
            }
            j = end + 1;
        }
    }

    private static String objectType(Tokens t, int i) {
        for (String type : OBJECT_TYPES) {
            String[] words = type.split(" ");
            boolean matches = true;
            for (int w = 0; w < words.length && matches; w++) {
                matches = t.kw(i + w, words[w]);
            }
            if (matches) {
                return type;
            }
        }
        return "";
    }

    private static boolean ownerOrSecurityChange(Tokens t) {
        for (int i = 0; i + 1 < t.size(); i++) {
            boolean owner = t.kw(i, "owner") && t.kw(i + 1, "to");
            boolean rowSecurity = t.kw(i, "row") && t.kw(i + 1, "level");
            boolean definer = t.kw(i, "security") && t.kw(i + 1, "definer");
            if (owner || rowSecurity || definer) {
                return true;
            }
        }
        return false;
    }
}
