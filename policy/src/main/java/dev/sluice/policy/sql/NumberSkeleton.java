package dev.sluice.policy.sql;

import static dev.sluice.policy.sql.SqlChars.isDigit;
import static dev.sluice.policy.sql.SqlChars.isIdentContinue;
import static dev.sluice.policy.sql.SqlChars.isIdentStart;
import static dev.sluice.policy.sql.SqlChars.isSpace;

import java.util.Arrays;

/**
 * SQL text with each numeric constant replaced by one NUL character: {@code SELECT a FROM t WHERE id = 42}
 * becomes {@code SELECT a FROM t WHERE id = \0}. Two texts with the same skeleton have the same tokens but for
 * the values of their numeric constants, which is what lets {@link CachingSqlClassifier} share one
 * classification between them.
 *
 * <p>Found in one pass that mirrors {@link SqlLexer}'s token boundaries branch for branch: strings (with every
 * prefix), comments (nested), quoted identifiers, dollar quotes and {@code $1} parameters are kept whole, and
 * only a number that starts a token is replaced, never the digits of {@code t1} or {@code a$1}. Text the mirror
 * does not cover exactly has no skeleton and is cached by its exact text: text holding a NUL (the placeholder)
 * or a backslash (read differently when {@code standard_conforming_strings} is off), a {@code U&} constant
 * (its {@code UESCAPE} clause), and text that does not scan.
 */
final class NumberSkeleton {

    private final String key;
    /** Start and end, in the source, of each numeric constant, in order. */
    private final int[] starts;
    private final int[] ends;

    private NumberSkeleton(String key, int[] starts, int[] ends) {
        this.key = key;
        this.starts = starts;
        this.ends = ends;
    }

    /** The skeleton of {@code sql}, or null when it holds no numeric constant or is not covered (see above). */
    static NumberSkeleton of(String sql) {
        if (sql.indexOf('\0') >= 0 || sql.indexOf('\\') >= 0) {
            return null;
        }
        return new Scan(sql).run();
    }

    /** The text with each numeric constant replaced by a NUL. */
    String key() {
        return key;
    }

    int numbers() {
        return starts.length;
    }

    int start(int number) {
        return starts[number];
    }

    int end(int number) {
        return ends[number];
    }

    /** Maps an offset in the source that is not inside a numeric constant to the same place in the key. */
    int toKey(int sourceOffset) {
        int offset = sourceOffset;
        for (int i = 0; i < starts.length && ends[i] <= sourceOffset; i++) {
            offset -= ends[i] - starts[i] - 1;
        }
        return offset;
    }

    /** Maps an offset in the key that is not inside a placeholder to the same place in the source. */
    int toSource(int keyOffset) {
        int shift = 0;
        for (int i = 0; i < starts.length && starts[i] - shift < keyOffset; i++) {
            shift += ends[i] - starts[i] - 1;
        }
        return keyOffset + shift;
    }

    /** One pass over the text; each branch does what the same branch of {@link SqlLexer#run} does. */
    private static final class Scan {
        private final String text;
        private final int n;
        private int[] starts = new int[4];
        private int[] ends = new int[4];
        private int count;

        Scan(String text) {
            this.text = text;
            this.n = text.length();
        }

        NumberSkeleton run() {
            int pos = 0;
            while (pos >= 0 && pos < n) {
                char c = text.charAt(pos);
                if (isSpace(c)) {
                    pos++;
                    continue;
                }
                char next = pos + 1 < n ? text.charAt(pos + 1) : 0;
                if (isIdentStart(c)) {
                    pos = word(pos, c, next);
                } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                    pos = number(pos);
                } else {
                    pos = punctuation(pos, c, next);
                }
            }
            if (pos < 0 || count == 0) {
                return null;
            }
            return new NumberSkeleton(key(), Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
        }

        /** A letter: a prefixed string constant, a {@code U&} constant (not covered: -1), or an identifier. */
        private int word(int pos, char c, char next) {
            if (next == '\'') {
                switch (c) {
                    case 'e', 'E', 'n', 'N' -> {
                        return quotedEnd(pos + 2, '\'', true);
                    }
                    case 'b', 'B', 'x', 'X' -> {
                        return quotedEnd(pos + 2, '\'', false);
                    }
                    default -> { }
                }
            } else if (next == '&' && (c == 'u' || c == 'U') && pos + 2 < n
                    && (text.charAt(pos + 2) == '\'' || text.charAt(pos + 2) == '"')) {
                return -1;
            }
            int p = pos + 1;
            while (p < n && isIdentContinue(text.charAt(p))) {
                p++;
            }
            return p;
        }

        /** Everything that starts neither a word nor a number, in the lexer's order. */
        private int punctuation(int pos, char c, char next) {
            if (c == '-' && next == '-') {
                return lineCommentEnd(pos);
            } else if (c == '/' && next == '*') {
                return SqlChars.blockCommentEnd(text, pos);
            } else if (c == '\'') {
                return quotedEnd(pos + 1, '\'', true);
            } else if (c == '"') {
                return quotedIdentifierEnd(pos);
            } else if (c == '$') {
                return dollarEnd(pos);
            } else if (c == ':' && (next == ':' || next == '=')) {
                return pos + 2;
            } else if (SqlChars.isOperatorChar(c)) {
                int p = pos + 1;
                while (p < n && SqlChars.isOperatorChar(text.charAt(p))
                        && !text.startsWith("--", p) && !text.startsWith("/*", p)) {
                    p++;
                }
                return p;
            }
            return pos + 1;
        }

        private String key() {
            int length = n;
            for (int i = 0; i < count; i++) {
                length -= ends[i] - starts[i] - 1;
            }
            char[] key = new char[length];
            int k = 0;
            int copied = 0;
            for (int i = 0; i < count; i++) {
                text.getChars(copied, starts[i], key, k);
                k += starts[i] - copied;
                key[k++] = '\0';
                copied = ends[i];
            }
            text.getChars(copied, n, key, k);
            return new String(key);
        }

        private int lineCommentEnd(int from) {
            int p = from + 2;
            while (p < n && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
                p++;
            }
            return p;
        }


        /**
         * End of a constant or identifier whose body starts at {@code bodyStart}, or -1 when it is not closed. With
         * {@code doubling} a doubled quote stands for one; without (bit strings) the first quote closes it, and a
         * quote right after starts the next constant, which covers the same characters. A constant continued
         * after a line break is scanned as two, which also covers the same characters: what lies between is
         * whitespace and comments.
         */
        private int quotedEnd(int bodyStart, char quote, boolean doubling) {
            int p = bodyStart;
            while (p < n) {
                if (text.charAt(p) == quote) {
                    if (doubling && p + 1 < n && text.charAt(p + 1) == quote) {
                        p += 2;
                        continue;
                    }
                    return p + 1;
                }
                p++;
            }
            return -1;
        }

        /** As the lexer, an empty quoted identifier does not scan. */
        private int quotedIdentifierEnd(int from) {
            if (from + 1 < n && text.charAt(from + 1) == '"' && !(from + 2 < n && text.charAt(from + 2) == '"')) {
                return -1;
            }
            return quotedEnd(from + 1, '"', true);
        }

        /** A parameter, a dollar-quoted constant, or a lone {@code $}; -1 for an unclosed dollar quote. */
        private int dollarEnd(int start) {
            int p = start + 1;
            if (p < n && isDigit(text.charAt(p))) {
                while (p < n && isDigit(text.charAt(p))) {
                    p++;
                }
                return p;
            }
            if (p < n && SqlChars.isDollarTagStart(text.charAt(p))) {
                while (p < n && SqlChars.isDollarTagContinue(text.charAt(p))) {
                    p++;
                }
            }
            if (p >= n || text.charAt(p) != '$') {
                return start + 1;
            }
            int close = text.indexOf(text.substring(start, p + 1), p + 1);
            return close < 0 ? -1 : close + (p + 1 - start);
        }

        /** Reads a number exactly as {@link SqlLexer} does and replaces it in the key. */
        private int number(int start) {
            int p = SqlChars.numberEnd(text, start);
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = p;
            count++;
            return p;
        }
    }
}
