package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The skeleton replaces exactly the tokens {@link SqlLexer} reads as numeric constants; the corpus-wide check is
 * in {@link CachingSqlClassifierEquivalenceTest}.
 */
class NumberSkeletonTest {

    @Test
    void numericConstantsBecomePlaceholders() {
        assertThat(key("SELECT abalance FROM pgbench_accounts WHERE aid = 48213;"))
                .isEqualTo("SELECT abalance FROM pgbench_accounts WHERE aid = \0;");
        assertThat(key("SELECT 1.5e-3, .5, 3., 1e5x")).isEqualTo("SELECT \0, \0, \0, \0x");
    }

    @Test
    void digitsInsideOtherTokensStay() {
        String sql = "SELECT t1, a1b, a$1, \"c1\", 'x1', E'1', B'01', $q1$ 2 $q1$, $1 FROM s2.t3 -- 4\n"
                + "/* 5 */ WHERE v = 6";
        assertThat(key(sql)).isEqualTo(sql.replace("= 6", "= \0"));
    }

    @Test
    void identifiersThatDifferInDigitsHaveDifferentSkeletons() {
        assertThat(key("SELECT * FROM t1 WHERE a = 5")).isNotEqualTo(key("SELECT * FROM t2 WHERE a = 5"));
        assertThat(key("SELECT a.5 FROM t WHERE a = 5")).isNotEqualTo(key("SELECT a5 FROM t WHERE a = 5"));
        assertThat(key("SELECT $1 + 5")).isNotEqualTo(key("SELECT $2 + 5"));
    }

    @Test
    void textWithoutNumbersOrBeyondTheMirrorHasNone() {
        assertThat(NumberSkeleton.of("SELECT a FROM t1")).isNull();
        assertThat(NumberSkeleton.of("SELECT E'\\'' , 1")).isNull();
        assertThat(NumberSkeleton.of("SELECT U&'\\0041' UESCAPE '!', 1")).isNull();
        assertThat(NumberSkeleton.of("SELECT 1 /* unterminated")).isNull();
        assertThat(NumberSkeleton.of("SELECT 1, 'unterminated")).isNull();
        assertThat(NumberSkeleton.of("SELECT 1, $$unterminated")).isNull();
        assertThat(NumberSkeleton.of("SELECT \"\", 1")).isNull();
        assertThat(NumberSkeleton.of("SELECT 1\0")).isNull();
    }

    @Test
    void offsetsMapBetweenSourceAndKey() {
        String sql = "SELECT 123; SELECT 4.5e6 , 7";
        NumberSkeleton skeleton = NumberSkeleton.of(sql);
        assertThat(skeleton.key()).isEqualTo("SELECT \0; SELECT \0 , \0");
        int secondStart = sql.indexOf("SELECT 4");
        assertThat(skeleton.toKey(secondStart)).isEqualTo(10);
        assertThat(skeleton.toSource(10)).isEqualTo(secondStart);
        assertThat(skeleton.toSource(skeleton.toKey(sql.length()))).isEqualTo(sql.length());
        assertThat(skeleton.toSource(skeleton.toKey(10))).isEqualTo(10);
    }

    @Test
    void agreesWithTheLexerOnTrickyText() {
        for (String sql : List.of("SELECT 1..2", "SELECT 1.e", "SELECT x.1a", "SELECT $a$1$a$1", "SELECT b'1''2', 3",
                "SELECT 'a'\n'b' 1", "SELECT 1-- 2\n3", "SELECT 1/*2/*3*/4*/5", "SELECT 1::int, a:=2", "SELECT $ 1",
                "SELECT 1e+", "SELECT 1e+5e5", "SELECT x$1 2", "SELECT \"a\"\"1\" 2", "SELECT 0x1F, 0b101, 1_000")) {
            assertThat(spans(NumberSkeleton.of(sql))).as(sql).isEqualTo(lexerNumbers(sql));
        }
    }

    static String key(String sql) {
        return NumberSkeleton.of(sql).key();
    }

    /** Start and end of each numeric constant the skeleton replaced. */
    static List<List<Integer>> spans(NumberSkeleton skeleton) {
        List<List<Integer>> spans = new ArrayList<>();
        for (int i = 0; skeleton != null && i < skeleton.numbers(); i++) {
            spans.add(List.of(skeleton.start(i), skeleton.end(i)));
        }
        return spans;
    }

    /** Start and end of each token the lexer reads as a numeric constant. */
    static List<List<Integer>> lexerNumbers(String sql) {
        List<List<Integer>> spans = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(sql).tokens()) {
            if (token.is(SqlTokenType.NUMBER)) {
                spans.add(List.of(token.start(), token.end()));
            }
        }
        return spans;
    }
}
