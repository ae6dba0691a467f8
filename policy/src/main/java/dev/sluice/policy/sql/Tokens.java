package dev.sluice.policy.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The tokens of one statement with their parenthesis depth and matching parentheses precomputed. Notes whether
 * anything looked at a numeric constant, so that a classification that never did can be reused for texts that
 * differ only in their numbers (see {@link CachingSqlClassifier}).
 */
final class Tokens {
    private final List<SqlToken> list;
    private final int[] depth;
    private final int[] match;
    private final int[] enclosing;
    /** One flag shared with every {@link #from}/{@link #range} view of the same statement. */
    private final boolean[] numberSeen;

    Tokens(List<SqlToken> list) {
        this(list, new boolean[1]);
    }

    private Tokens(List<SqlToken> list, boolean[] numberSeen) {
        this.numberSeen = numberSeen;
        this.list = List.copyOf(list);
        this.depth = new int[list.size()];
        this.match = new int[list.size()];
        this.enclosing = new int[list.size()];
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < list.size(); i++) {
            match[i] = -1;
            SqlTokenType type = list.get(i).type();
            if (type == SqlTokenType.RIGHT_PAREN && !open.isEmpty()) {
                int opening = open.pop();
                match[opening] = i;
                match[i] = opening;
            }
            depth[i] = open.size();
            enclosing[i] = open.isEmpty() ? -1 : open.peek();
            if (type == SqlTokenType.LEFT_PAREN) {
                open.push(i);
            }
        }
    }

    int size() {
        return list.size();
    }

    /** The token at {@code i}; reading a numeric constant this way is noted, see {@link #numberSeen()}. */
    SqlToken get(int i) {
        SqlToken token = list.get(i);
        if (token.type() == SqlTokenType.NUMBER) {
            numberSeen[0] = true;
        }
        return token;
    }

    /**
     * True once any token that is a numeric constant was read through {@link #get} or {@link #joinName} (here or
     * in a view). The other accessors read only types, keywords and names, which are the same for texts that
     * differ only in their numbers.
     */
    boolean numberSeen() {
        return numberSeen[0];
    }

    /** Where token {@code i} starts in the source; for the statement's text only, so not noted as a read. */
    int start(int i) {
        return list.get(i).start();
    }

    /** Where token {@code i} ends in the source; for the statement's text only, so not noted as a read. */
    int end(int i) {
        return list.get(i).end();
    }

    /** Depth of token {@code i}; a parenthesis has the depth of the text outside it. */
    int depth(int i) {
        return depth[i];
    }

    /** Index of the innermost opening parenthesis around token {@code i}, or -1 at top level. */
    int enclosing(int i) {
        return enclosing[i];
    }

    /** Index of the parenthesis matching the one at {@code i}, or the last index when unbalanced. */
    int matching(int i) {
        return match[i] >= 0 ? match[i] : list.size() - 1;
    }

    boolean kw(int i, String keyword) {
        return i >= 0 && i < list.size() && list.get(i).isKeyword(keyword);
    }

    boolean kwAny(int i, String... keywords) {
        for (String keyword : keywords) {
            if (kw(i, keyword)) {
                return true;
            }
        }
        return false;
    }

    boolean is(int i, SqlTokenType type) {
        return i >= 0 && i < list.size() && list.get(i).type() == type;
    }

    boolean name(int i) {
        return i >= 0 && i < list.size() && list.get(i).isName();
    }

    /** Lower-case word at {@code i} if it is an unquoted identifier, else the empty string. */
    String word(int i) {
        return i >= 0 && i < list.size() && list.get(i).type() == SqlTokenType.IDENTIFIER ? list.get(i).value() : "";
    }

    /** First index at or after {@code from} holding one of the keywords at the depth of {@code from}; -1 if none. */
    int findAtSameDepth(int from, String... keywords) {
        if (from >= list.size()) {
            return -1;
        }
        int base = depth[from];
        for (int i = from; i < list.size(); i++) {
            if (depth[i] < base) {
                return -1;
            }
            if (depth[i] == base && kwAny(i, keywords)) {
                return i;
            }
        }
        return -1;
    }

    /** Index just after a dotted name starting at {@code from}, or {@code from} when there is no name. */
    int nameEnd(int from) {
        if (!name(from)) {
            return from;
        }
        int i = from + 1;
        while (is(i, SqlTokenType.DOT) && name(i + 1)) {
            i += 2;
        }
        return i;
    }

    /** The dotted name between {@code from} and {@code to}, components joined by dots. */
    String joinName(int from, int to) {
        StringBuilder name = new StringBuilder();
        for (int i = from; i < to; i += 2) {
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(get(i).value());
        }
        return name.toString();
    }

    Tokens from(int start) {
        return new Tokens(list.subList(Math.min(start, list.size()), list.size()), numberSeen);
    }

    Tokens range(int start, int end) {
        return new Tokens(list.subList(start, end), numberSeen);
    }
}
