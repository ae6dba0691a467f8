package dev.sluice.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits one message's text into statements at top-level semicolons, as PostgreSQL's grammar does:
 * never inside strings, comments, dollar quotes, parentheses, or the {@code BEGIN ATOMIC ... END} body of a
 * {@code CREATE FUNCTION/PROCEDURE}. Empty statements are dropped.
 */
public final class SqlStatementSplitter {

    /** One statement's tokens and span in the source; {@code problem} says why it cannot be classified. */
    record Piece(List<SqlToken> tokens, int start, int end, Optional<String> problem) {}

    private SqlStatementSplitter() {}

    /** The statements' texts, each without its terminating semicolon. */
    public static List<String> split(String sql) {
        List<String> texts = new ArrayList<>();
        for (Piece piece : split(sql, SqlLexer.tokenize(sql))) {
            texts.add(sql.substring(piece.start(), piece.end()));
        }
        return texts;
    }

    static List<Piece> split(String sql, SqlLexer.Result lexed) {
        List<Piece> pieces = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        int depth = 0;
        int bodyDepth = 0;
        String problem = null;
        List<SqlToken> tokens = lexed.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.is(SqlTokenType.SEMICOLON)) {
                if (depth == 0 && bodyDepth == 0) {
                    if (!current.isEmpty()) {
                        pieces.add(piece(current, problem));
                    }
                    current = new ArrayList<>();
                    problem = null;
                    continue;
                }
                if (depth > 0) {
                    problem = "semicolon inside parentheses";
                }
            }
            current.add(token);
            if (token.is(SqlTokenType.INVALID) && problem == null) {
                problem = token.value();
            }
            if (token.is(SqlTokenType.LEFT_PAREN)) {
                depth++;
            } else if (token.is(SqlTokenType.RIGHT_PAREN)) {
                depth--;
                if (depth < 0) {
                    problem = "unbalanced parentheses";
                    depth = 0;
                }
            } else if (depth == 0 && token.is(SqlTokenType.IDENTIFIER) && isRoutineDefinition(current)) {
                boolean atomic = i + 1 < tokens.size() && tokens.get(i + 1).isKeyword("atomic");
                if (bodyDepth == 0 && token.isKeyword("begin") && atomic) {
                    bodyDepth = 1;
                } else if (bodyDepth > 0 && token.isKeyword("case")) {
                    bodyDepth++;
                } else if (bodyDepth > 0 && token.isKeyword("end")) {
                    bodyDepth--;
                }
            }
        }
        if (depth > 0) {
            problem = "unbalanced parentheses";
        } else if (bodyDepth > 0) {
            problem = "unterminated BEGIN ATOMIC body";
        }
        if (lexed.error().isPresent()) {
            SqlLexer.LexError error = lexed.error().get();
            int start = current.isEmpty() ? error.position() : current.get(0).start();
            pieces.add(new Piece(List.copyOf(current), start, sql.length(), Optional.of(error.message())));
        } else if (!current.isEmpty()) {
            pieces.add(piece(current, problem));
        }
        return pieces;
    }

    private static Piece piece(List<SqlToken> tokens, String problem) {
        return new Piece(List.copyOf(tokens), tokens.get(0).start(), tokens.get(tokens.size() - 1).end(),
                Optional.ofNullable(problem));
    }

    /** CREATE [OR REPLACE] FUNCTION|PROCEDURE: the only statements whose body may hold semicolons unquoted. */
    private static boolean isRoutineDefinition(List<SqlToken> tokens) {
        if (tokens.size() < 2 || !tokens.get(0).isKeyword("create")) {
            return false;
        }
        int i = 1;
        if (tokens.get(1).isKeyword("or") && tokens.size() > 3 && tokens.get(2).isKeyword("replace")) {
            i = 3;
        }
        return tokens.get(i).isKeyword("function") || tokens.get(i).isKeyword("procedure");
    }
}
