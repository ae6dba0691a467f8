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
        return analyse(sql).classification();
    }

    /**
     * A classification with what a cache needs to reuse it for texts that differ only in their numeric constants.
     *
     * @param starts where each statement's text starts in the source, or null when {@code numbersUnread} is false
     * @param ends where each statement's text ends in the source, likewise
     * @param numbersUnread the text scanned cleanly, needed no second reading for backslashes, and no statement's
     *     classification looked at a numeric constant or holds an inner statement (whose text would be stale), so
     *     any text with the same tokens but other numbers classifies the same but for the statements' texts
     */
    record Analysis(SqlClassification classification, int[] starts, int[] ends, boolean numbersUnread) {}

    Analysis analyse(String sql) {
        if (sql.indexOf('\0') >= 0) {
            return opaque(new SqlClassification(
                    List.of(SqlStatement.unclassified(sql, "text contains a NUL character"))));
        }
        SqlLexer.Result lexed = SqlLexer.tokenize(sql, true);
        Pass pass = classify(sql, lexed);
        if (lexed.backslashInStandardString()) {
            SqlLexer.Result legacyLexed = SqlLexer.tokenize(sql, false);
            boolean legacyRejected = legacyLexed.error().isPresent() || legacyLexed.tokens().stream()
                    .anyMatch(token -> token.is(SqlTokenType.INVALID));
            if (!legacyRejected && !sameShape(pass.statements, classify(sql, legacyLexed).statements)) {
                return opaque(new SqlClassification(List.of(SqlStatement.unclassified(sql,
                        "a backslash in a string constant changes the statements when "
                                + "standard_conforming_strings is off"))));
            }
            return opaque(new SqlClassification(pass.statements));
        }
        boolean reusable = lexed.error().isEmpty() && !pass.numberSeen
                && pass.statements.stream().allMatch(s -> s.inner().isEmpty());
        SqlClassification classification = new SqlClassification(pass.statements);
        return reusable ? new Analysis(classification, pass.starts, pass.ends, true) : opaque(classification);
    }

    private static Analysis opaque(SqlClassification classification) {
        return new Analysis(classification, null, null, false);
    }

    /** The statements of one reading of the text, where each came from, and whether a number was looked at. */
    private record Pass(List<SqlStatement> statements, int[] starts, int[] ends, boolean numberSeen) {}

    private Pass classify(String sql, SqlLexer.Result lexed) {
        List<SqlStatementSplitter.Piece> pieces = SqlStatementSplitter.split(sql, lexed);
        List<SqlStatement> statements = new ArrayList<>(pieces.size());
        int[] starts = new int[pieces.size()];
        int[] ends = new int[pieces.size()];
        boolean numberSeen = false;
        for (int i = 0; i < pieces.size(); i++) {
            SqlStatementSplitter.Piece piece = pieces.get(i);
            starts[i] = piece.start();
            ends[i] = piece.end();
            if (piece.problem().isPresent()) {
                statements.add(SqlStatement.unclassified(sql.substring(piece.start(), piece.end()),
                        piece.problem().get()));
            } else {
                StatementAnalyzer analyzer = new StatementAnalyzer(sql, 0, text -> classify(text).statements());
                Tokens tokens = new Tokens(piece.tokens());
                statements.add(analyzer.analyze(tokens));
                numberSeen |= tokens.numberSeen();
            }
        }
        return new Pass(statements, starts, ends, numberSeen);
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
