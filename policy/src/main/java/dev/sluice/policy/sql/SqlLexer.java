package dev.sluice.policy.sql;

import static dev.sluice.policy.sql.SqlChars.isDigit;
import static dev.sluice.policy.sql.SqlChars.isIdentContinue;
import static dev.sluice.policy.sql.SqlChars.isIdentStart;
import static dev.sluice.policy.sql.SqlChars.isSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits SQL text into tokens the way PostgreSQL's own scanner does, so that what the classifier reads
 * as a string, comment or identifier is exactly what the server reads. Block comments nest; adjacent
 * string constants separated by a newline continue one another; {@code U&} escapes and {@code UESCAPE}
 * are decoded so a disguised name compares equal to its plain spelling. Whitespace and comments produce
 * no tokens. Never throws: text it cannot scan (an unterminated string, say) yields the tokens before it
 * and an {@link LexError}.
 */
public final class SqlLexer {

    static final int MAX_IDENTIFIER_BYTES = SqlChars.MAX_IDENTIFIER_BYTES;

    /** The tokens read, and why scanning stopped early if it did. */
    public record Result(List<SqlToken> tokens, Optional<LexError> error, boolean backslashInStandardString) {
        public Result {
            tokens = List.copyOf(tokens);
        }
    }

    /** Why the text could not be scanned, and where (an index into the text). */
    public record LexError(String message, int position) {}

    private enum Quoting { STANDARD, ESCAPE, BITS, UNICODE }

    private final String text;
    private final boolean standardConformingStrings;
    private final List<SqlToken> tokens = new ArrayList<>();
    private int pos;
    private boolean backslashInStandardString;
    private String escapeError;

    private SqlLexer(String text, boolean standardConformingStrings) {
        this.text = text;
        this.standardConformingStrings = standardConformingStrings;
    }

    /** Tokenizes with {@code standard_conforming_strings} on, PostgreSQL's default since 9.1. */
    public static Result tokenize(String sql) {
        return tokenize(sql, true);
    }

    public static Result tokenize(String sql, boolean standardConformingStrings) {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings);
        try {
            lexer.run();
            return new Result(lexer.tokens, Optional.empty(), lexer.backslashInStandardString);
        } catch (LexFailure failure) {
            return new Result(lexer.tokens, Optional.of(new LexError(failure.getMessage(), failure.position)),
                    lexer.backslashInStandardString);
        }
    }

    private void run() {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            char next = pos + 1 < n ? text.charAt(pos + 1) : 0;
            char third = pos + 2 < n ? text.charAt(pos + 2) : 0;
            if (isSpace(c)) {
                pos++;
            } else if (c == '-' && next == '-') {
                pos = skipLineComment(pos);
            } else if (c == '/' && next == '*') {
                pos = skipBlockComment(pos);
            } else if (c == '\'') {
                string(pos, pos + 1, standardConformingStrings ? Quoting.STANDARD : Quoting.ESCAPE);
            } else if ((c == 'e' || c == 'E') && next == '\'') {
                string(pos, pos + 2, Quoting.ESCAPE);
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'') {
                string(pos, pos + 2, Quoting.BITS);
            } else if ((c == 'n' || c == 'N') && next == '\'') {
                string(pos, pos + 2, standardConformingStrings ? Quoting.STANDARD : Quoting.ESCAPE);
            } else if ((c == 'u' || c == 'U') && next == '&' && third == '\'') {
                string(pos, pos + 3, Quoting.UNICODE);
            } else if ((c == 'u' || c == 'U') && next == '&' && third == '"') {
                quotedIdentifier(pos, pos + 3, true);
            } else if (c == '"') {
                quotedIdentifier(pos, pos + 1, false);
            } else if (c == '$') {
                dollar();
            } else if (isIdentStart(c)) {
                identifier();
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                number();
            } else if (c == ':' && (next == ':' || next == '=')) {
                add(SqlTokenType.OPERATOR, text.substring(pos, pos + 2), pos, pos + 2);
            } else if (SqlChars.isOperatorChar(c)) {
                operator();
            } else {
                single(c);
            }
        }
    }

    private void single(char c) {
        SqlTokenType type = switch (c) {
            case '(' -> SqlTokenType.LEFT_PAREN;
            case ')' -> SqlTokenType.RIGHT_PAREN;
            case '[' -> SqlTokenType.LEFT_BRACKET;
            case ']' -> SqlTokenType.RIGHT_BRACKET;
            case ',' -> SqlTokenType.COMMA;
            case ';' -> SqlTokenType.SEMICOLON;
            case '.' -> SqlTokenType.DOT;
            case ':' -> SqlTokenType.OPERATOR;
            default -> SqlTokenType.OTHER;
        };
        add(type, String.valueOf(c), pos, pos + 1);
    }

    private void add(SqlTokenType type, String value, int start, int end) {
        tokens.add(new SqlToken(type, value, start, end));
        pos = end;
    }

    private int skipLineComment(int from) {
        int p = from + 2;
        while (p < text.length() && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    private int skipBlockComment(int from) {
        int end = SqlChars.blockCommentEnd(text, from);
        if (end < 0) {
            throw new LexFailure("unterminated /* comment", from);
        }
        return end;
    }

    private void string(int start, int bodyStart, Quoting quoting) {
        StringBuilder value = new StringBuilder();
        int p = bodyStart;
        int n = text.length();
        while (true) {
            if (p >= n) {
                throw new LexFailure("unterminated quoted string", start);
            }
            char ch = text.charAt(p);
            if (ch == '\'') {
                if (quoting != Quoting.BITS && p + 1 < n && text.charAt(p + 1) == '\'') {
                    value.append('\'');
                    p += 2;
                    continue;
                }
                int resumed = continuation(p + 1);
                if (resumed < 0) {
                    p++;
                    break;
                }
                p = resumed + 1;
            } else if (ch == '\\' && quoting == Quoting.ESCAPE) {
                p = escape(p, value);
            } else {
                if (ch == '\\' && quoting == Quoting.STANDARD) {
                    backslashInStandardString = true;
                }
                value.append(ch);
                p++;
            }
        }
        pos = p;
        if (escapeError != null) {
            tokens.add(new SqlToken(SqlTokenType.INVALID, escapeError, start, pos));
            escapeError = null;
            return;
        }
        String decoded = value.toString();
        if (quoting == Quoting.UNICODE) {
            decoded = decodeUnicode(decoded, start);
            if (decoded == null) {
                return;
            }
        }
        tokens.add(new SqlToken(SqlTokenType.STRING, decoded, start, pos));
    }

    /** Decodes {@code U&} escapes; a malformed one yields an INVALID token, as the server would refuse it. */
    private String decodeUnicode(String raw, int start) {
        try {
            return UnicodeEscapes.decode(raw, unicodeEscapeCharacter(), start);
        } catch (LexFailure malformed) {
            tokens.add(new SqlToken(SqlTokenType.INVALID, malformed.getMessage(), start, pos));
            return null;
        }
    }

    /** After a closing quote: the index of a quote that continues the constant on a later line, or -1. */
    private int continuation(int from) {
        int p = from;
        int n = text.length();
        boolean newline = false;
        while (p < n) {
            char c = text.charAt(p);
            if (c == ' ' || c == '\t' || c == '\f') {
                p++;
            } else if (c == '\n' || c == '\r') {
                newline = true;
                p++;
            } else if (c == '-' && p + 1 < n && text.charAt(p + 1) == '-') {
                p = skipLineComment(p);
            } else {
                break;
            }
        }
        return newline && p < n && text.charAt(p) == '\'' ? p : -1;
    }

    private int escape(int p, StringBuilder value) {
        int n = text.length();
        if (p + 1 >= n) {
            throw new LexFailure("unterminated quoted string", p);
        }
        char e = text.charAt(p + 1);
        switch (e) {
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'x' -> {
                int end = digitsEnd(p + 2, 2, 16);
                if (end == p + 2) {
                    value.append('x');
                    return p + 2;
                }
                value.append((char) Integer.parseInt(text.substring(p + 2, end), 16));
                return end;
            }
            case 'u', 'U' -> {
                int width = e == 'u' ? 4 : 8;
                int end = digitsEnd(p + 2, width, 16);
                long codePoint = end - (p + 2) == width ? Long.parseLong(text.substring(p + 2, end), 16) : 0;
                if (codePoint == 0 || codePoint > Character.MAX_CODE_POINT) {
                    escapeError = "invalid Unicode escape";
                    return end;
                }
                value.appendCodePoint((int) codePoint);
                return end;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = digitsEnd(p + 1, 3, 8);
                    value.append((char) Integer.parseInt(text.substring(p + 1, end), 8));
                    return end;
                }
                value.append(e);
            }
        }
        return p + 2;
    }

    private int digitsEnd(int from, int max, int radix) {
        int p = from;
        while (p < text.length() && p - from < max && Character.digit(text.charAt(p), radix) >= 0
                && text.charAt(p) < 128) {
            p++;
        }
        return p;
    }

    private void quotedIdentifier(int start, int bodyStart, boolean unicode) {
        StringBuilder value = new StringBuilder();
        int p = bodyStart;
        int n = text.length();
        while (true) {
            if (p >= n) {
                throw new LexFailure("unterminated quoted identifier", start);
            }
            char ch = text.charAt(p);
            if (ch == '"') {
                if (p + 1 < n && text.charAt(p + 1) == '"') {
                    value.append('"');
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            value.append(ch);
            p++;
        }
        if (value.length() == 0) {
            throw new LexFailure("zero-length delimited identifier", start);
        }
        pos = p;
        String name = value.toString();
        if (unicode) {
            name = decodeUnicode(name, start);
            if (name == null) {
                return;
            }
        }
        tokens.add(new SqlToken(SqlTokenType.QUOTED_IDENTIFIER, SqlChars.truncate(name), start, pos));
    }

    /** Reads an optional {@code UESCAPE 'c'} after a {@code U&} constant; advances past it when present. */
    private char unicodeEscapeCharacter() {
        int p = skipWhitespaceAndComments(pos);
        if (p < 0 || !text.regionMatches(true, p, "uescape", 0, 7)
                || (p + 7 < text.length() && isIdentContinue(text.charAt(p + 7)))) {
            return '\\';
        }
        int q = skipWhitespaceAndComments(p + 7);
        if (q < 0 || q + 2 >= text.length() || text.charAt(q) != '\'' || text.charAt(q + 2) != '\'') {
            throw new LexFailure("invalid UESCAPE", p);
        }
        char escape = text.charAt(q + 1);
        if (Character.digit(escape, 16) >= 0 || escape == '+' || escape == '\'' || escape == '"'
                || isSpace(escape)) {
            throw new LexFailure("invalid Unicode escape character", q);
        }
        pos = q + 3;
        return escape;
    }

    private int skipWhitespaceAndComments(int from) {
        int p = from;
        int n = text.length();
        while (p < n) {
            char c = text.charAt(p);
            if (isSpace(c)) {
                p++;
            } else if (text.startsWith("--", p)) {
                p = skipLineComment(p);
            } else if (text.startsWith("/*", p)) {
                p = skipBlockComment(p);
            } else {
                break;
            }
        }
        return p;
    }

    private void dollar() {
        int start = pos;
        int n = text.length();
        if (start + 1 < n && isDigit(text.charAt(start + 1))) {
            int p = start + 1;
            while (p < n && isDigit(text.charAt(p))) {
                p++;
            }
            add(SqlTokenType.PARAMETER, text.substring(start, p), start, p);
            return;
        }
        int p = start + 1;
        if (p < n && SqlChars.isDollarTagStart(text.charAt(p))) {
            while (p < n && SqlChars.isDollarTagContinue(text.charAt(p))) {
                p++;
            }
        }
        if (p >= n || text.charAt(p) != '$') {
            add(SqlTokenType.OTHER, "$", start, start + 1);
            return;
        }
        String delimiter = text.substring(start, p + 1);
        int close = text.indexOf(delimiter, p + 1);
        if (close < 0) {
            throw new LexFailure("unterminated dollar-quoted string", start);
        }
        add(SqlTokenType.STRING, text.substring(p + 1, close), start, close + delimiter.length());
    }

    private void identifier() {
        int start = pos;
        int p = pos + 1;
        while (p < text.length() && isIdentContinue(text.charAt(p))) {
            p++;
        }
        add(SqlTokenType.IDENTIFIER, SqlChars.truncate(SqlChars.foldCase(text.substring(start, p))), start, p);
    }

    private void number() {
        int start = pos;
        int p = SqlChars.numberEnd(text, start);
        add(SqlTokenType.NUMBER, text.substring(start, p), start, p);
    }

    /** An operator ends where a comment starts, as in PostgreSQL. */
    private void operator() {
        int start = pos;
        int p = pos;
        while (p < text.length() && SqlChars.isOperatorChar(text.charAt(p))
                && !text.startsWith("--", p) && !text.startsWith("/*", p)) {
            p++;
        }
        add(SqlTokenType.OPERATOR, text.substring(start, p), start, p);
    }
}
