package dev.sluice.postgres.mask;

import dev.sluice.policy.sql.SqlLexer;
import dev.sluice.policy.sql.SqlStatementSplitter;
import dev.sluice.policy.sql.SqlToken;
import dev.sluice.policy.sql.SqlTokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code COPY ... TO STDOUT} statement tells about the rows it will stream: their format and options, and
 * where their columns come from. Read from the statement's text, as PostgreSQL's grammar reads it (both the
 * {@code WITH (option value, ...)} list and the older {@code CSV HEADER QUOTE 'q'} keywords), so that each row
 * can be split into fields and masked per column. A statement whose options cannot all be read with certainty is
 * {@link #unsupported} (fail closed: its output is refused if anything must be masked).
 *
 * @param describeSql a query with the same output columns, described on the catalog connection; null when unsupported
 * @param tableText the table as written, for the form without a column list (whose generated columns COPY leaves out); else null
 * @param unsupported why the rows cannot be split with certainty; null when they can
 */
public record CopyStatement(CopyFormat format, String describeSql, String tableText, String unsupported) {

    static CopyStatement unsupported(String why) {
        return new CopyStatement(null, null, null, why);
    }

    /**
     * The {@code COPY ... TO STDOUT} statements of one Query message, in order; an empty list when there are none.
     * Cheap for ordinary queries: only text mentioning {@code copy} is lexed.
     */
    public static List<CopyStatement> inQuery(String sql) {
        if (!sql.regionMatches(true, 0, "copy", 0, 4) && !sql.toLowerCase(Locale.ROOT).contains("copy")) {
            return List.of();
        }
        List<CopyStatement> found = new ArrayList<>();
        for (String statement : SqlStatementSplitter.split(sql)) {
            CopyStatement copy = parse(statement);
            if (copy != null) {
                found.add(copy);
            }
        }
        return found;
    }

    /** One statement: a COPY TO STDOUT, or null when it is anything else (COPY FROM, COPY TO a file, SELECT...). */
    public static CopyStatement parse(String sql) {
        SqlLexer.Result lexed = SqlLexer.tokenize(sql);
        List<SqlToken> t = lexed.tokens();
        if (t.isEmpty() || !t.get(0).isKeyword("copy")) {
            return null;
        }
        if (lexed.error().isPresent()) {
            return unsupported("the COPY statement could not be read: " + lexed.error().get().message());
        }
        return new Parser(sql, t).copy();
    }

    /** Reads the tokens after {@code COPY}. */
    private static final class Parser {
        private final String sql;
        private final List<SqlToken> t;
        private int i = 1;
        private boolean binary;
        private CopyFormat.Kind kind = CopyFormat.Kind.TEXT;
        private String delimiter;
        private String nullString;
        private String quote;
        private String escape;
        private boolean header;
        private String problem;

        Parser(String sql, List<SqlToken> tokens) {
            this.sql = sql;
            this.t = tokens;
        }

        CopyStatement copy() {
            if (keyword("binary")) {
                binary = true;
            }
            String describe;
            String tableText = null;
            if (at(SqlTokenType.LEFT_PAREN)) {
                int close = closing(i);
                if (close < 0 || close == i + 1) {
                    return unsupported("the query of the COPY statement could not be read");
                }
                describe = sql.substring(t.get(i + 1).start(), t.get(close - 1).end());
                i = close + 1;
            } else {
                int start = i;
                if (!name()) {
                    return unsupported("the table of the COPY statement could not be read");
                }
                while (at(SqlTokenType.DOT)) {
                    i++;
                    if (!name()) {
                        return unsupported("the table of the COPY statement could not be read");
                    }
                }
                String table = sql.substring(t.get(start).start(), t.get(i - 1).end());
                if (at(SqlTokenType.LEFT_PAREN)) {
                    int close = closing(i);
                    if (close < 0) {
                        return unsupported("the column list of the COPY statement could not be read");
                    }
                    String columns = sql.substring(t.get(i + 1).start(), t.get(close - 1).end());
                    for (int k = i + 1; k < close; k += 2) {
                        if (!t.get(k).isName() || (k + 1 < close && !t.get(k + 1).is(SqlTokenType.COMMA))) {
                            return unsupported("the column list of the COPY statement could not be read");
                        }
                    }
                    describe = "SELECT " + columns + " FROM " + table;
                    i = close + 1;
                } else {
                    describe = "SELECT * FROM " + table;
                    tableText = table;
                }
            }
            if (!keyword("to")) {
                return null;
            }
            if (!keyword("stdout")) {
                return null;
            }
            keyword("with");
            if (at(SqlTokenType.LEFT_PAREN)) {
                options();
            } else {
                legacyOptions();
            }
            if (problem == null && i < t.size()) {
                problem = "the COPY statement has an option Sluice does not know: " + t.get(i).value();
            }
            if (problem != null) {
                return unsupported(problem);
            }
            if (binary || kind == CopyFormat.Kind.BINARY) {
                return new CopyStatement(CopyFormat.BINARY, describe, tableText, null);
            }
            CopyFormat format;
            try {
                format = CopyFormat.of(kind, delimiter, nullString, quote, escape, header);
            } catch (IllegalArgumentException e) {
                return unsupported(e.getMessage());
            }
            return new CopyStatement(format, describe, tableText, null);
        }

        /** {@code ( name [value] [, ...] )}, PostgreSQL 9.0 and later. */
        private void options() {
            int close = closing(i);
            if (close < 0) {
                problem = "the options of the COPY statement could not be read";
                return;
            }
            i++;
            while (i < close && problem == null) {
                if (!t.get(i).isName()) {
                    problem = "the options of the COPY statement could not be read";
                    return;
                }
                String option = t.get(i++).value();
                switch (option) {
                    case "format" -> {
                        String value = word();
                        if (value == null) {
                            problem = "the FORMAT of the COPY statement could not be read";
                        } else {
                            format(value);
                        }
                    }
                    case "delimiter" -> delimiter = string(option);
                    case "null" -> nullString = string(option);
                    case "quote" -> quote = string(option);
                    case "escape" -> escape = string(option);
                    case "encoding" -> encoding(string(option));
                    case "header" -> header = bool(option);
                    case "freeze" -> bool(option);
                    case "force_quote" -> skipColumnsOrStar();
                    default -> problem = "the COPY option " + option + " is not known to Sluice";
                }
                if (problem == null && i < close && !at(SqlTokenType.COMMA)) {
                    problem = "the options of the COPY statement could not be read";
                }
                i++;
            }
            i = close + 1;
        }

        /** The pre-9.0 keywords: {@code BINARY DELIMITER [AS] 'c' NULL [AS] 's' CSV HEADER QUOTE ESCAPE FORCE QUOTE}. */
        private void legacyOptions() {
            while (i < t.size() && problem == null && t.get(i).is(SqlTokenType.IDENTIFIER)) {
                String option = t.get(i++).value();
                switch (option) {
                    case "binary" -> binary = true;
                    case "csv" -> kind = CopyFormat.Kind.CSV;
                    case "header" -> header = true;
                    case "delimiter" -> delimiter = legacyString(option);
                    case "null" -> nullString = legacyString(option);
                    case "quote" -> quote = legacyString(option);
                    case "escape" -> escape = legacyString(option);
                    case "force" -> {
                        if (!keyword("quote")) {
                            problem = "the COPY option FORCE " + (i < t.size() ? t.get(i).value() : "") + " is not known to Sluice";
                            return;
                        }
                        if (at(SqlTokenType.OPERATOR) && t.get(i).value().equals("*")) {
                            i++;
                        } else {
                            legacyNames();
                        }
                    }
                    default -> {
                        problem = "the COPY option " + option + " is not known to Sluice";
                        return;
                    }
                }
            }
        }

        private void legacyNames() {
            do {
                if (!name()) {
                    problem = "the FORCE QUOTE columns of the COPY statement could not be read";
                    return;
                }
            } while (at(SqlTokenType.COMMA) && i++ >= 0);
        }

        private String legacyString(String option) {
            keyword("as");
            return string(option);
        }

        private void format(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> kind = CopyFormat.Kind.TEXT;
                case "csv" -> kind = CopyFormat.Kind.CSV;
                case "binary" -> kind = CopyFormat.Kind.BINARY;
                default -> problem = "the COPY format " + value + " is not known to Sluice";
            }
        }

        private void encoding(String value) {
            if (value != null && !value.replace("-", "").replace("_", "").equalsIgnoreCase("utf8")) {
                problem = "COPY with ENCODING " + value + " cannot be masked; Sluice reads COPY output as UTF-8";
            }
        }

        /** A boolean option's value; {@code HEADER MATCH} is for COPY FROM only, so it cannot appear here. */
        private boolean bool(String option) {
            if (i >= t.size() || at(SqlTokenType.COMMA) || at(SqlTokenType.RIGHT_PAREN)) {
                return true;
            }
            String value = t.get(i).is(SqlTokenType.STRING) || t.get(i).is(SqlTokenType.IDENTIFIER)
                    || t.get(i).is(SqlTokenType.NUMBER) ? t.get(i).value().toLowerCase(Locale.ROOT) : "";
            i++;
            return switch (value) {
                case "true", "on", "1", "yes", "y", "t" -> true;
                case "false", "off", "0", "no", "n", "f" -> false;
                default -> {
                    problem = "the value of the COPY option " + option + " is not known to Sluice";
                    yield false;
                }
            };
        }

        private void skipColumnsOrStar() {
            if (at(SqlTokenType.OPERATOR) && t.get(i).value().equals("*")) {
                i++;
                return;
            }
            int close = at(SqlTokenType.LEFT_PAREN) ? closing(i) : -1;
            if (close < 0) {
                problem = "the FORCE_QUOTE columns of the COPY statement could not be read";
                return;
            }
            i = close + 1;
        }

        private String string(String option) {
            if (i < t.size() && t.get(i).is(SqlTokenType.STRING)) {
                return t.get(i++).value();
            }
            problem = "the value of the COPY option " + option + " could not be read";
            return null;
        }

        private String word() {
            if (i < t.size() && (t.get(i).is(SqlTokenType.STRING) || t.get(i).isName())) {
                return t.get(i++).value();
            }
            return null;
        }

        private boolean name() {
            if (i < t.size() && t.get(i).isName()) {
                i++;
                return true;
            }
            return false;
        }

        private boolean keyword(String keyword) {
            if (i < t.size() && t.get(i).isKeyword(keyword)) {
                i++;
                return true;
            }
            return false;
        }

        private boolean at(SqlTokenType type) {
            return i < t.size() && t.get(i).is(type);
        }

        private int closing(int open) {
            int depth = 0;
            for (int k = open; k < t.size(); k++) {
                if (t.get(k).is(SqlTokenType.LEFT_PAREN)) {
                    depth++;
                } else if (t.get(k).is(SqlTokenType.RIGHT_PAREN) && --depth == 0) {
                    return k;
                }
            }
            return -1;
        }
    }
}
