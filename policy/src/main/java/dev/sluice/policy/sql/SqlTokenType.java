package dev.sluice.policy.sql;

/** What a {@link SqlToken} is, as far as statement classification needs to know. */
public enum SqlTokenType {
    /** An unquoted identifier or keyword; its value is lower-cased as PostgreSQL folds it. */
    IDENTIFIER,
    /** A {@code "quoted"} or {@code U&"quoted"} identifier; never a keyword, value taken verbatim. */
    QUOTED_IDENTIFIER,
    /** Any string constant (standard, {@code E''}, {@code B''}, {@code X''}, {@code U&''}, dollar-quoted). */
    STRING,
    NUMBER,
    /** A positional parameter such as {@code $1}. */
    PARAMETER,
    OPERATOR,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    DOT,
    SEMICOLON,
    /** A character PostgreSQL's grammar has no use for outside strings, such as a backslash. */
    OTHER,
    /** A delimited constant or identifier with a malformed escape; its value says what is wrong. */
    INVALID
}
