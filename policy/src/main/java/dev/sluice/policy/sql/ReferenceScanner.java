package dev.sluice.policy.sql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds what a statement touches wherever it appears: functions called, relations named, nested
 * data-modifying statements, UPDATE/DELETE without WHERE, row locks, {@code SELECT ... INTO}. Dangerous
 * built-ins are matched on every {@code name(} in the text regardless of context, so the security-relevant
 * part never depends on the heuristics that decide whether a {@code name(} is really a call.
 */
final class ReferenceScanner {

    /** What a scan found. */
    static final class Facts {
        final Set<String> tables = new LinkedHashSet<>();
        final Set<String> functions = new LinkedHashSet<>();
        final EnumSet<SqlEffect> effects = EnumSet.noneOf(SqlEffect.class);
        boolean whereLessWrite;
        boolean dataModifying;
        boolean selectInto;
        String rowLock;
        String unclassifiedReason;
    }

    /** Words that look like {@code name(} but are syntax, not function calls. */
    private static final Set<String> NOT_FUNCTIONS = Set.of(
            "in", "exists", "any", "all", "some", "values", "as", "on", "using", "copy", "array",
            "row", "and", "or", "not", "where", "select", "from", "join", "with", "into", "table", "references",
            "when", "then", "else", "case", "returning", "by", "lateral", "only", "distinct", "default",
            "check", "unique", "key", "constraint", "exclude", "include", "window", "except", "union", "intersect",
            "limit", "offset", "is", "of", "like", "ilike", "for", "do", "instead", "cast", "coalesce", "nullif",
            "greatest", "least", "rollup", "cube", "sets", "conflict", "options", "group", "partition", "rows",
            "tablesample", "repeatable", "matched", "to", "returns", "language", "cycle", "search");

    /** Type names whose modifiers look like calls: {@code varchar(10)}. */
    private static final Set<String> TYPE_MODIFIERS = Set.of(
            "varchar", "char", "character", "varying", "numeric", "decimal", "bit", "varbit", "time", "timestamp",
            "timestamptz", "timetz", "interval", "float", "nchar");

    /** After these words {@code name(} defines or names something rather than calling it. */
    private static final Set<String> DEFINITION_CONTEXT = Set.of(
            "into", "table", "references", "function", "procedure", "routine", "aggregate", "view", "type", "index",
            "trigger", "sequence", "domain", "as", "cursor", "prepare", "execute", "statistics", "conversion",
            "operator", "policy", "rule", "collation", "exists", "copy", "vacuum", "analyze", "analyse", "verbose",
            "by");

    /** After these words {@code name(} is a call (any other preceding identifier makes it an alias). */
    private static final Set<String> EXPRESSION_KEYWORDS = Set.of(
            "select", "where", "and", "or", "not", "when", "then", "else", "case", "on", "having", "returning",
            "distinct", "all", "any", "some", "set", "values", "from", "join", "using", "in", "is", "like", "ilike",
            "similar", "to", "between", "limit", "offset", "lateral", "array", "call", "return", "do", "with",
            "zone", "escape", "overlaps", "both", "leading", "trailing", "placing", "for", "variadic", "default",
            "symmetric", "asymmetric", "row", "perform", "union", "intersect", "except", "fetch", "first", "next",
            "tablesample", "repeatable", "check", "within", "filter", "over", "only", "if", "elsif", "notnull",
            "isnull", "collate", "unknown", "true", "false", "null");

    private static final Set<String> FROM_LIST_END = Set.of(
            "where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union", "intersect",
            "except", "returning", "set", "when", "into");

    private final Tokens t;
    private final int mainIndex;
    private final boolean collectTables;
    private final StatementKind kind;
    private final Function<String, List<SqlStatement>> innerSql;
    private final Facts facts = new Facts();
    private final Set<String> cteNames = new HashSet<>();

    private ReferenceScanner(Tokens t, int mainIndex, boolean collectTables, StatementKind kind,
            Function<String, List<SqlStatement>> innerSql) {
        this.t = t;
        this.mainIndex = mainIndex;
        this.collectTables = collectTables;
        this.kind = kind;
        this.innerSql = innerSql;
    }

    /**
     * @param mainIndex index of the statement's own leading keyword (after WITH ...), so that only other
     *     INSERT/UPDATE/DELETE/MERGE keywords count as nested data-modifying statements
     * @param innerSql classifies SQL passed as text to functions such as {@code query_to_xml}
     */
    static Facts scan(Tokens t, int mainIndex, boolean collectTables, StatementKind kind,
            Function<String, List<SqlStatement>> innerSql) {
        ReferenceScanner scanner = new ReferenceScanner(t, mainIndex, collectTables, kind, innerSql);
        scanner.run();
        return scanner.facts;
    }

    private void run() {
        int fromListDepth = -1;
        for (int i = 0; i < t.size(); i++) {
            int d = t.depth(i);
            if (fromListDepth >= 0 && (d < fromListDepth
                    || (d == fromListDepth && FROM_LIST_END.contains(t.word(i))))) {
                fromListDepth = -1;
            }
            if (t.name(i) && t.is(i + 1, SqlTokenType.LEFT_PAREN)) {
                functionCall(i);
            }
            cteName(i);
            dataModification(i);
            rowLock(i);
            if (!collectTables) {
                continue;
            }
            if (t.kw(i, "from") && !insideCall(i) && !t.kw(i - 1, "distinct")) {
                fromItem(i + 1);
                fromListDepth = d;
            } else if (t.kw(i, "join")) {
                fromItem(i + 1);
                fromListDepth = d;
            } else if (t.is(i, SqlTokenType.COMMA) && d == fromListDepth) {
                fromItem(i + 1);
            } else if (t.kw(i, "using") && d == 0
                    && (kind == StatementKind.DELETE || kind == StatementKind.MERGE)) {
                fromItem(i + 1);
                fromListDepth = d;
            } else if (t.kw(i, "into")) {
                if (!t.kwAny(i - 1, "insert", "merge")) {
                    facts.selectInto = true;
                }
                tableName(i + 1);
            } else if (t.kw(i, "table") && !t.kw(i - 1, "returns")) {
                int end = tableName(i + 1);
                while (t.kwAny(i - 1, "drop", "truncate") && t.is(end, SqlTokenType.COMMA)) {
                    end = tableName(end + 1);
                }
            } else if (t.kw(i, "view") && t.kwAny(i - 1, "create", "replace", "materialized", "alter", "drop",
                    "recursive", "temp", "temporary")) {
                tableName(i + 1);
            } else if (t.kw(i, "update") && isStatementStart(i)) {
                tableName(i + 1);
            }
        }
        cteNames.forEach(facts.tables::remove);
    }

    private void functionCall(int k) {
        int s = k;
        while (t.is(s - 1, SqlTokenType.DOT) && t.name(s - 2)) {
            s -= 2;
        }
        String last = t.get(k).value();
        facts.effects.addAll(BuiltinFunctions.effectsOf(last));
        if (last.equalsIgnoreCase("set_config")) {
            List<int[]> args = arguments(k + 1);
            String setting = args.isEmpty() ? null : literal(args.get(0));
            if (setting == null || BuiltinFunctions.READ_ONLY_SETTINGS.contains(setting.trim().toLowerCase(
                    java.util.Locale.ROOT))) {
                facts.effects.add(SqlEffect.READ_ONLY_SWITCH_OFF);
            }
        }
        int sqlArgument = BuiltinFunctions.sqlTextArgument(last, arguments(k + 1).size());
        if (sqlArgument >= 0) {
            sqlTextArgument(k + 1, sqlArgument);
        }
        if (isCall(s, k)) {
            facts.functions.add(t.joinName(s, k + 1));
        }
    }

    private void sqlTextArgument(int paren, int index) {
        List<int[]> args = arguments(paren);
        String sql = index < args.size() ? literal(args.get(index)) : null;
        if (sql == null) {
            facts.effects.add(SqlEffect.OPAQUE);
            return;
        }
        for (SqlStatement inner : innerSql.apply(sql)) {
            facts.effects.addAll(inner.effects());
            facts.tables.addAll(inner.tables());
            facts.functions.addAll(inner.functions());
            if (facts.unclassifiedReason == null && inner.unclassifiedReason().isPresent()) {
                facts.unclassifiedReason = "SQL text argument: " + inner.unclassifiedReason().get();
            }
        }
    }

    /** The argument ranges [from, to) of the call whose opening parenthesis is at {@code paren}. */
    private List<int[]> arguments(int paren) {
        List<int[]> args = new ArrayList<>();
        int close = t.matching(paren);
        int inner = t.depth(paren) + 1;
        int from = paren + 1;
        for (int i = paren + 1; i < close; i++) {
            if (t.depth(i) == inner && t.is(i, SqlTokenType.COMMA)) {
                args.add(new int[] {from, i});
                from = i + 1;
            }
        }
        if (close > from) {
            args.add(new int[] {from, close});
        }
        return args;
    }

    /** The value of an argument that is one string constant, optionally cast; otherwise null. */
    private String literal(int[] range) {
        int from = range[0];
        int to = range[1];
        boolean plain = to - from == 1;
        boolean cast = to - from >= 3 && t.get(from + 1).value().equals("::") && t.name(from + 2);
        return t.is(from, SqlTokenType.STRING) && (plain || cast) ? t.get(from).value() : null;
    }

    private boolean isCall(int s, int k) {
        String word = t.word(k);
        if (s == k && (NOT_FUNCTIONS.contains(word) || TYPE_MODIFIERS.contains(word))) {
            return false;
        }
        int close = t.matching(k + 1);
        if (t.kw(close + 1, "as") && (t.is(close + 2, SqlTokenType.LEFT_PAREN)
                || t.kwAny(close + 2, "not", "materialized"))) {
            return false;
        }
        int before = s - 1;
        if (before < 0) {
            return true;
        }
        SqlToken prev = t.get(before);
        return switch (prev.type()) {
            case RIGHT_PAREN, QUOTED_IDENTIFIER -> false;
            case IDENTIFIER -> !DEFINITION_CONTEXT.contains(prev.value())
                    && EXPRESSION_KEYWORDS.contains(prev.value());
            default -> true;
        };
    }

    private boolean insideCall(int i) {
        int open = t.enclosing(i);
        if (open < 0 || !t.name(open - 1)) {
            return false;
        }
        int s = open - 1;
        while (t.is(s - 1, SqlTokenType.DOT) && t.name(s - 2)) {
            s -= 2;
        }
        return isCall(s, open - 1);
    }

    private void cteName(int i) {
        if (!t.name(i) || !(t.kwAny(i - 1, "with", "recursive") || t.is(i - 1, SqlTokenType.COMMA))) {
            return;
        }
        int j = t.is(i + 1, SqlTokenType.LEFT_PAREN) ? t.matching(i + 1) + 1 : i + 1;
        if (t.kw(j, "as") && (t.is(j + 1, SqlTokenType.LEFT_PAREN) || t.kwAny(j + 1, "not", "materialized"))) {
            cteNames.add(t.get(i).value());
        }
    }

    private boolean isStatementStart(int i) {
        return i == 0 || i == mainIndex || t.is(i - 1, SqlTokenType.LEFT_PAREN)
                || t.is(i - 1, SqlTokenType.RIGHT_PAREN);
    }

    private void dataModification(int i) {
        if (!t.kwAny(i, "insert", "update", "delete", "merge") || !isStatementStart(i)) {
            return;
        }
        if (i != mainIndex) {
            facts.dataModifying = true;
        }
        if (t.kwAny(i, "update", "delete") && t.findAtSameDepth(i, "where") < 0) {
            facts.whereLessWrite = true;
        }
    }

    private void rowLock(int i) {
        if (!t.kw(i, "for")) {
            return;
        }
        if (t.kw(i + 1, "update")) {
            facts.rowLock = "SELECT FOR UPDATE";
        } else if (t.kw(i + 1, "share")) {
            facts.rowLock = "SELECT FOR SHARE";
        } else if (t.kw(i + 1, "no") && t.kw(i + 2, "key") && t.kw(i + 3, "update")) {
            facts.rowLock = "SELECT FOR NO KEY UPDATE";
        } else if (t.kw(i + 1, "key") && t.kw(i + 2, "share")) {
            facts.rowLock = "SELECT FOR KEY SHARE";
        }
    }

    private void fromItem(int j) {
        while (t.kwAny(j, "only", "lateral")) {
            j++;
        }
        if (t.kw(j, "rows") && t.kw(j + 1, "from")) {
            return;
        }
        int end = t.nameEnd(j);
        if (end > j && !t.is(end, SqlTokenType.LEFT_PAREN)) {
            facts.tables.add(t.joinName(j, end));
        }
    }

    /** Reads a relation name after INTO, UPDATE, TABLE, VIEW; returns the index after it. */
    private int tableName(int j) {
        while (t.kwAny(j, "only", "if", "not", "exists", "temp", "temporary", "unlogged", "table", "strict",
                "concurrently")) {
            j++;
        }
        int end = t.nameEnd(j);
        if (end > j) {
            facts.tables.add(t.joinName(j, end));
        }
        return t.is(end, SqlTokenType.OPERATOR) && t.get(end).value().equals("*") ? end + 1 : end;
    }
}
