package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static List<SqlToken> tokens(String sql) {
        SqlLexer.Result result = SqlLexer.tokenize(sql);
        assertThat(result.error()).as(sql).isEmpty();
        return result.tokens();
    }

    private static List<SqlTokenType> types(String sql) {
        return tokens(sql).stream().map(SqlToken::type).toList();
    }

    @Test
    void identifiersFoldToLowerCaseAndQuotedOnesKeepTheirCase() {
        assertThat(tokens("SeLeCt \"MiXeD\"\"q\" FROM Tab"))
                .extracting(SqlToken::value).containsExactly("select", "MiXeD\"q", "from", "tab");
        assertThat(tokens("\"select\"").get(0).isKeyword("select")).isFalse();
    }

    @Test
    void longIdentifiersAreTruncatedAsPostgresDoes() {
        String name = "a".repeat(70);
        assertThat(tokens(name).get(0).value()).hasSize(SqlLexer.MAX_IDENTIFIER_BYTES);
    }

    @Test
    void commentsProduceNoTokensAndBlockCommentsNest() {
        assertThat(types("SELECT /* a /* b */ c */ 1 -- x\n")).containsExactly(
                SqlTokenType.IDENTIFIER, SqlTokenType.NUMBER);
        assertThat(tokens("DEL/**/ETE")).extracting(SqlToken::value).containsExactly("del", "ete");
    }

    @Test
    void operatorStopsWhereACommentStarts() {
        assertThat(tokens("1 +-- comment\n2")).extracting(SqlToken::value).containsExactly("1", "+", "2");
        assertThat(tokens("1 */* c */ 2")).extracting(SqlToken::value).containsExactly("1", "*", "2");
    }

    @Test
    void stringConstantsAreDecoded() {
        assertThat(tokens("'it''s'").get(0).value()).isEqualTo("it's");
        assertThat(tokens("E'a\\'b\\n\\x41\\101\\u0042'").get(0).value()).isEqualTo("a'b\nAAB");
        assertThat(tokens("B'0101'").get(0).value()).isEqualTo("0101");
        assertThat(tokens("X'1F'").get(0).value()).isEqualTo("1F");
        assertThat(tokens("N'nat'").get(0).value()).isEqualTo("nat");
        assertThat(tokens("U&'d\\0061t\\+000061'").get(0).value()).isEqualTo("data");
        assertThat(tokens("U&'d!0061t!+000061' UESCAPE '!'")).extracting(SqlToken::value).containsExactly("data");
        assertThat(tokens("U&\"d\\0061t\\+000061\"").get(0))
                .isEqualTo(new SqlToken(SqlTokenType.QUOTED_IDENTIFIER, "data", 0, 19));
    }

    @Test
    void constantsSeparatedByANewlineContinueOneAnother() {
        assertThat(tokens("'foo'\n  'bar'")).extracting(SqlToken::value).containsExactly("foobar");
        assertThat(tokens("'foo' -- c\n'bar'")).extracting(SqlToken::value).containsExactly("foobar");
        assertThat(tokens("'foo' 'bar'")).hasSize(2);
        assertThat(tokens("E'a'\n'\\''")).extracting(SqlToken::value).containsExactly("a'");
    }

    @Test
    void dollarQuotesNeedTheSameTagToClose() {
        assertThat(tokens("$$a;'b$$")).extracting(SqlToken::value).containsExactly("a;'b");
        assertThat(tokens("$fn$ x $$ y $fn$")).extracting(SqlToken::value).containsExactly(" x $$ y ");
        assertThat(tokens("$a$x$b$a$")).extracting(SqlToken::value).containsExactly("x$b");
    }

    @Test
    void dollarInsideAnIdentifierIsNotAQuote() {
        assertThat(tokens("x$$ y")).extracting(SqlToken::value).containsExactly("x$$", "y");
    }

    @Test
    void parametersNumbersAndPunctuation() {
        assertThat(types("$1 3.5e10 .5 ( ) [ ] , ; . :: ="))
                .containsExactly(SqlTokenType.PARAMETER, SqlTokenType.NUMBER, SqlTokenType.NUMBER,
                        SqlTokenType.LEFT_PAREN, SqlTokenType.RIGHT_PAREN, SqlTokenType.LEFT_BRACKET,
                        SqlTokenType.RIGHT_BRACKET, SqlTokenType.COMMA, SqlTokenType.SEMICOLON, SqlTokenType.DOT,
                        SqlTokenType.OPERATOR, SqlTokenType.OPERATOR);
    }

    @Test
    void unterminatedTextIsAnErrorNotAnException() {
        for (String sql : List.of("SELECT 'x", "SELECT E'x\\'", "SELECT $$x", "SELECT $a$ x $b$", "SELECT \"x",
                "/* /* */", "SELECT 'a' || 'b")) {
            assertThat(SqlLexer.tokenize(sql).error()).as(sql).isPresent();
        }
    }

    @Test
    void malformedEscapesBecomeInvalidTokens() {
        assertThat(types("SELECT U&'\\06'; SELECT 1")).contains(SqlTokenType.INVALID);
        assertThat(types("SELECT E'\\u12'")).contains(SqlTokenType.INVALID);
        assertThat(types("SELECT U&'x' UESCAPE 'a'")).contains(SqlTokenType.INVALID);
        assertThat(types("SELECT U&'x' UESCAPE")).contains(SqlTokenType.INVALID);
    }

    @Test
    void backslashInAStandardStringIsReported() {
        assertThat(SqlLexer.tokenize("SELECT 'a\\b'").backslashInStandardString()).isTrue();
        assertThat(SqlLexer.tokenize("SELECT E'a\\b'").backslashInStandardString()).isFalse();
        assertThat(SqlLexer.tokenize("SELECT 'a\\'' , 'b'", false).tokens())
                .extracting(SqlToken::value).containsExactly("select", "a'", ",", "b");
        assertThat(SqlLexer.tokenize("SELECT 'a\\'' , 'b'", true).error()).isPresent();
    }
}
