package dev.sluice.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies PostgreSQL statement text so a policy can enforce on it. Pure and thread-safe.
 *
 * <p>Text is read with {@code standard_conforming_strings} on. When a string constant holds a backslash it
 * is read again as a session with the setting off would: if that reading is valid and yields different
 * statements, the text is refused, so the setting cannot be used to smuggle a statement past the check.
 * (PostgreSQL parses a whole Query message before running any of it, so a text that does not scan under
 * one setting runs nothing under it.)
 *
 * <p>Fails closed: text that cannot be scanned (an unterminated string or comment), a statement that does
 * not start with a known keyword, or text whose statement boundaries would differ if the session had
 * {@code standard_conforming_strings} off, comes back as {@link StatementKind#UNCLASSIFIED} with a reason.
 */
public final class SqlStatementClassifier implements SqlClassifier {

    @Override
    public SqlClassification classify(String sql) {
        if (sql.indexOf('\0') >= 0) {
            return new SqlClassification(List.of(SqlStatement.unclassified(sql, "text contains a NUL character")));
        }
        SqlLexer.Result lexed = SqlLexer.tokenize(sql, true);
        List<SqlStatement> statements = classify(sql, lexed);
        if (lexed.backslashInStandardString()) {
            SqlLexer.Result legacyLexed = SqlLexer.tokenize(sql, false);
            boolean legacyRejected = legacyLexed.error().isPresent() || legacyLexed.tokens().stream()
                    .anyMatch(token -> token.is(SqlTokenType.INVALID));
            if (!legacyRejected && !sameShape(statements, classify(sql, legacyLexed))) {
                return new SqlClassification(List.of(SqlStatement.unclassified(sql,
                        "a backslash in a string constant changes the statements when "
                                + "standard_conforming_strings is off")));
            }
        }
        return new SqlClassification(statements);
    }

    private List<SqlStatement> classify(String sql, SqlLexer.Result lexed) {
        List<SqlStatement> statements = new ArrayList<>();
        for (SqlStatementSplitter.Piece piece : SqlStatementSplitter.split(sql, lexed)) {
            if (piece.problem().isPresent()) {
                statements.add(SqlStatement.unclassified(sql.substring(piece.start(), piece.end()),
                        piece.problem().get()));
            } else {
                StatementAnalyzer analyzer = new StatementAnalyzer(sql, 0, text -> classify(text).statements());
                statements.add(analyzer.analyze(new Tokens(piece.tokens())));
            }
        }
        return statements;
    }

    private static boolean sameShape(List<SqlStatement> a, List<SqlStatement> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).kind() != b.get(i).kind() || !a.get(i).effects().equals(b.get(i).effects())) {
                return false;
            }
        }
        return true;
    }
}
