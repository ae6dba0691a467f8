package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlStatementSplitterTest {

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        assertThat(SqlStatementSplitter.split("SELECT ';'; SELECT $$;$$ /* ; */; SELECT \";\" -- ;\n"))
                .containsExactly("SELECT ';'", "SELECT $$;$$", "SELECT \";\"");
    }

    @Test
    void emptyStatementsAreDropped() {
        assertThat(SqlStatementSplitter.split(" ;; -- nothing\n ; ")).isEmpty();
        assertThat(SqlStatementSplitter.split("SELECT 1;;SELECT 2;")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void functionBodiesHoldTheirSemicolons() {
        String atomic = "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 1 END; END";
        assertThat(SqlStatementSplitter.split(atomic + "; SELECT 2")).containsExactly(atomic, "SELECT 2");
        String dollar = "CREATE FUNCTION g() RETURNS void AS $$ BEGIN DELETE FROM t; END $$ LANGUAGE plpgsql";
        assertThat(SqlStatementSplitter.split(dollar + ";")).containsExactly(dollar);
    }

    @Test
    void beginWithoutAtomicIsNotABody() {
        assertThat(SqlStatementSplitter.split(
                "CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql SET search_path = begin; DELETE FROM t"))
                .hasSize(2);
    }

    @Test
    void semicolonInsideParenthesesMakesTheStatementUnclassifiable() {
        var classification = new SqlStatementClassifier().classify("SELECT (1; DELETE FROM t)");
        assertThat(classification.statements()).singleElement()
                .satisfies(s -> assertThat(s.unclassifiedReason()).contains("semicolon inside parentheses"));
    }
}
