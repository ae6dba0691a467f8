package dev.sluice.policy.sql;

/**
 * One lexical token of SQL text. {@code value} is what PostgreSQL makes of it: identifiers folded and
 * truncated, string constants with their escapes decoded; {@code start}/{@code end} index the source text.
 */
public record SqlToken(SqlTokenType type, String value, int start, int end) {

    /** True for an unquoted identifier spelling {@code keyword} (given in lower case). */
    public boolean isKeyword(String keyword) {
        return type == SqlTokenType.IDENTIFIER && value.equals(keyword);
    }

    /** True for an identifier, quoted or not. */
    public boolean isName() {
        return type == SqlTokenType.IDENTIFIER || type == SqlTokenType.QUOTED_IDENTIFIER;
    }

    public boolean is(SqlTokenType expected) {
        return type == expected;
    }
}
