package dev.sluice.policy.sql;

import static dev.sluice.policy.sql.SqlEffect.DDL;
import static dev.sluice.policy.sql.SqlEffect.FILE_OR_PROGRAM_ACCESS;
import static dev.sluice.policy.sql.SqlEffect.OPAQUE;
import static dev.sluice.policy.sql.SqlEffect.READ;
import static dev.sluice.policy.sql.SqlEffect.SESSION_CHANGE;
import static dev.sluice.policy.sql.SqlEffect.WRITE;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Classifies one statement's tokens: picks the kind from its leading keywords, then scans for effects. */
final class StatementAnalyzer {

    /** EXPLAIN EXPLAIN ..., SQL text inside SQL text: deeper than this is refused rather than followed. */
    static final int MAX_NESTING = 8;

    private static final Set<String> FALSE_SPELLINGS = Set.of("false", "off", "0", "no", "f", "n");

    private final String source;
    private final int nesting;
    private final Function<String, List<SqlStatement>> innerSql;

    StatementAnalyzer(String source, int nesting, Function<String, List<SqlStatement>> innerSql) {
        this.source = source;
        this.nesting = nesting;
        this.innerSql = innerSql;
    }

    SqlStatement analyze(Tokens t) {
        String text = t.size() == 0 ? "" : source.substring(t.start(0), t.end(t.size() - 1));
        StatementBuilder b = new StatementBuilder();
        if (nesting > MAX_NESTING) {
            return b.unclassified("statements nested too deeply").build(text);
        }
        if (t.size() == 0) {
            return b.unclassified("missing statement").build(text);
        }
        int lead = 0;
        while (t.is(lead, SqlTokenType.LEFT_PAREN)) {
            lead++;
        }
        String first = t.word(lead);
        if (lead > 0 && !Set.of("select", "values", "table", "with").contains(first)) {
            return b.unclassified("parenthesised statement that is not a query").build(text);
        }
        int main = lead;
        boolean scan = true;
        switch (first) {
            case "select", "values", "table" -> b.kind(StatementKind.SELECT, "SELECT", READ);
            case "with" -> {
                main = mainAfterWith(t, lead);
                if (main < 0) {
                    return b.unclassified("WITH without a recognisable main statement").build(text);
                }
                dml(t.is(main, SqlTokenType.LEFT_PAREN) ? "select" : t.word(main), b);
            }
            case "insert", "update", "delete", "merge" -> dml(first, b);
            case "copy" -> scan = copy(t, b);
            case "create", "alter", "drop" -> DdlStatements.createAlterDrop(t, b);
            case "truncate" -> DdlStatements.truncate(t, b);
            case "comment" -> b.kind(StatementKind.DDL, "COMMENT", DDL);
            case "import" -> b.kind(StatementKind.DDL, "IMPORT FOREIGN SCHEMA", DDL);
            case "security" -> b.kind(StatementKind.PRIVILEGE, "SECURITY LABEL", SqlEffect.PRIVILEGE);
            case "grant", "revoke" -> {
                DdlStatements.grantRevoke(t, b);
                scan = false;
            }
            case "reassign" -> b.kind(StatementKind.PRIVILEGE, "REASSIGN OWNED", SqlEffect.PRIVILEGE);
            case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release" -> {
                SessionStatements.transaction(t, b);
                scan = false;
            }
            case "set" -> {
                SessionStatements.set(t, b);
                scan = false;
            }
            case "reset" -> {
                SessionStatements.reset(t, b);
                scan = false;
            }
            case "show" -> {
                SessionStatements.show(t, b);
                scan = false;
            }
            case "discard" -> {
                SessionStatements.discard(t, b);
                scan = false;
            }
            case "load" -> SessionStatements.load(b);
            case "prepare" -> scan = prepare(t, b);
            case "execute" -> {
                b.kind(StatementKind.EXECUTE, "EXECUTE", OPAQUE);
                b.name = t.name(1) ? t.get(1).value() : null;
            }
            case "deallocate" -> {
                b.kind(StatementKind.DEALLOCATE, t.kw(t.size() - 1, "all") ? "DEALLOCATE ALL" : "DEALLOCATE",
                        SESSION_CHANGE);
                scan = false;
            }
            case "explain" -> scan = explain(t, b);
            case "do" -> b.kind(StatementKind.DO, "DO", OPAQUE);
            case "call" -> b.kind(StatementKind.CALL, "CALL", OPAQUE);
            case "listen", "unlisten" -> {
                b.kind(first.equals("listen") ? StatementKind.LISTEN : StatementKind.UNLISTEN,
                        first.toUpperCase(Locale.ROOT), SESSION_CHANGE);
                b.name = t.name(1) ? t.get(1).value() : null;
                scan = false;
            }
            case "notify" -> {
                b.kind(StatementKind.NOTIFY, "NOTIFY", WRITE);
                b.name = t.name(1) ? t.get(1).value() : null;
                scan = false;
            }
            case "lock" -> lock(t, b);
            case "vacuum", "analyze", "analyse", "cluster", "reindex", "checkpoint" -> b.kind(
                    StatementKind.MAINTENANCE, first.equals("analyse") ? "ANALYZE" : first.toUpperCase(Locale.ROOT),
                    WRITE);
            case "refresh" -> b.kind(StatementKind.MAINTENANCE, "REFRESH MATERIALIZED VIEW", WRITE);
            case "declare" -> scan = declare(t, b);
            case "fetch", "move" -> {
                b.kind(StatementKind.CURSOR, first.toUpperCase(Locale.ROOT), READ);
                b.name = t.name(t.size() - 1) ? t.get(t.size() - 1).value() : null;
                scan = false;
            }
            case "close" -> {
                b.kind(StatementKind.CURSOR, t.kw(1, "all") ? "CLOSE CURSOR ALL" : "CLOSE CURSOR", SESSION_CHANGE);
                b.name = t.name(1) ? t.get(1).value() : null;
                scan = false;
            }
            default -> {
                return b.unclassified(first.isEmpty() ? "statement does not start with a keyword"
                        : "unknown statement '" + first.toUpperCase(Locale.ROOT) + "'").build(text);
            }
        }
        if (scan) {
            boolean collectTables = b.kind != StatementKind.PRIVILEGE && b.kind != StatementKind.COPY_TO
                    && b.kind != StatementKind.COPY_FROM;
            ReferenceScanner.Facts facts = ReferenceScanner.scan(t, main, collectTables, b.kind, innerSql);
            b.absorb(facts);
            queryFacts(facts, b);
        }
        return b.build(text);
    }

    private static void dml(String word, StatementBuilder b) {
        switch (word) {
            case "select", "values", "table" -> b.kind(StatementKind.SELECT, "SELECT", READ);
            case "insert" -> b.kind(StatementKind.INSERT, "INSERT", WRITE);
            case "update" -> b.kind(StatementKind.UPDATE, "UPDATE", WRITE);
            case "delete" -> b.kind(StatementKind.DELETE, "DELETE", WRITE);
            case "merge" -> b.kind(StatementKind.MERGE, "MERGE", WRITE);
            default -> b.unclassified("WITH followed by '" + word + "'");
        }
    }

    /** Row locks, nested data modification and SELECT INTO turn a query into a write. */
    private static void queryFacts(ReferenceScanner.Facts facts, StatementBuilder b) {
        boolean query = b.kind == StatementKind.SELECT;
        if (facts.dataModifying && b.kind != StatementKind.DDL && b.kind != StatementKind.PRIVILEGE) {
            b.effect(WRITE);
        }
        if (facts.rowLock != null && b.kind != StatementKind.DDL && b.kind != StatementKind.PRIVILEGE) {
            b.effect(WRITE);
            if (query) {
                b.commandTag = facts.rowLock;
            }
        }
        if (query && facts.selectInto) {
            b.kind(StatementKind.DDL, "SELECT INTO", DDL, WRITE);
        }
    }

    /** Index of the statement keyword after {@code WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (...)}. */
    private static int mainAfterWith(Tokens t, int with) {
        int j = with + 1;
        if (t.kw(j, "recursive")) {
            j++;
        }
        while (true) {
            if (!t.name(j)) {
                return -1;
            }
            j++;
            if (t.is(j, SqlTokenType.LEFT_PAREN)) {
                j = t.matching(j) + 1;
            }
            if (!t.kw(j, "as")) {
                return -1;
            }
            j++;
            if (t.kw(j, "not")) {
                j++;
            }
            if (t.kw(j, "materialized")) {
                j++;
            }
            if (!t.is(j, SqlTokenType.LEFT_PAREN)) {
                return -1;
            }
            j = t.matching(j) + 1;
            if (t.kw(j, "search")) {
                int set = t.findAtSameDepth(j, "set");
                j = set < 0 ? -1 : set + 2;
            }
            if (j >= 0 && t.kw(j, "cycle")) {
                int using = t.findAtSameDepth(j, "using");
                j = using < 0 ? -1 : using + 2;
            }
            if (j < 0) {
                return -1;
            }
            if (!t.is(j, SqlTokenType.COMMA)) {
                break;
            }
            j++;
        }
        boolean known = t.kwAny(j, "select", "values", "table", "insert", "update", "delete", "merge")
                || t.is(j, SqlTokenType.LEFT_PAREN);
        return known ? j : -1;
    }

    private boolean copy(Tokens t, StatementBuilder b) {
        int j = t.kw(1, "binary") ? 2 : 1;
        SqlStatement query = null;
        if (t.is(j, SqlTokenType.LEFT_PAREN)) {
            int close = t.matching(j);
            query = inner(t.range(j + 1, close));
            j = close + 1;
        } else {
            int end = t.nameEnd(j);
            if (end == j) {
                b.unclassified("COPY without a table or query");
                return false;
            }
            b.tables.add(t.joinName(j, end));
            j = t.is(end, SqlTokenType.LEFT_PAREN) ? t.matching(end) + 1 : end;
        }
        if (t.kw(j, "from")) {
            b.kind(StatementKind.COPY_FROM, "COPY", WRITE);
        } else if (t.kw(j, "to")) {
            b.kind(StatementKind.COPY_TO, "COPY", READ);
        } else {
            b.unclassified("COPY without FROM or TO");
            return false;
        }
        if (query != null) {
            b.absorb(query, true);
        }
        if (!t.kwAny(j + 1, "stdin", "stdout")) {
            b.effect(FILE_OR_PROGRAM_ACCESS);
        }
        return true;
    }

    private boolean prepare(Tokens t, StatementBuilder b) {
        if (t.kw(1, "transaction")) {
            SessionStatements.transaction(t, b);
            return false;
        }
        b.kind(StatementKind.PREPARE, "PREPARE");
        b.name = t.name(1) ? t.get(1).value() : null;
        int as = t.findAtSameDepth(0, "as");
        if (as < 0 || b.name == null) {
            b.unclassified("PREPARE without AS");
            return false;
        }
        b.absorb(inner(t.from(as + 1)), true);
        return false;
    }

    private boolean explain(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.EXPLAIN, "EXPLAIN", READ);
        boolean analyze = false;
        int j = 1;
        if (t.is(1, SqlTokenType.LEFT_PAREN)) {
            int close = t.matching(1);
            for (int k = 2; k < close; k++) {
                if (t.depth(k) == 1 && t.kwAny(k, "analyze", "analyse")) {
                    boolean valueGiven = k + 1 < close && !t.is(k + 1, SqlTokenType.COMMA);
                    analyze |= !valueGiven
                            || !FALSE_SPELLINGS.contains(t.get(k + 1).value().toLowerCase(Locale.ROOT));
                }
            }
            j = close + 1;
        } else {
            while (t.kwAny(j, "analyze", "analyse", "verbose")) {
                analyze |= !t.kw(j, "verbose");
                j++;
            }
        }
        SqlStatement explained = inner(t.from(j));
        b.absorb(explained, analyze);
        return false;
    }

    private boolean declare(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.CURSOR, "DECLARE CURSOR", READ);
        b.name = t.name(1) ? t.get(1).value() : null;
        int cursor = t.findAtSameDepth(0, "cursor");
        int forIndex = cursor < 0 ? -1 : t.findAtSameDepth(cursor, "for");
        if (forIndex < 0) {
            b.unclassified("DECLARE without CURSOR ... FOR");
            return false;
        }
        b.absorb(inner(t.from(forIndex + 1)), true);
        return false;
    }

    private static void lock(Tokens t, StatementBuilder b) {
        b.kind(StatementKind.LOCK, "LOCK TABLE", READ);
        int in = t.findAtSameDepth(0, "in");
        boolean accessShare = in >= 0 && t.kw(in + 1, "access") && t.kw(in + 2, "share") && t.kw(in + 3, "mode");
        if (!accessShare) {
            b.effect(WRITE);
        }
        DdlStatements.tableList(t, b);
    }

    private SqlStatement inner(Tokens tokens) {
        return new StatementAnalyzer(source, nesting + 1, innerSql).analyze(tokens);
    }
}
