package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementClassifierTest {

    private final SqlClassifier classifier = new SqlStatementClassifier();

    private SqlStatement only(String sql) {
        List<SqlStatement> statements = classifier.classify(sql).statements();
        assertThat(statements).as(sql).hasSize(1);
        return statements.get(0);
    }

    @Test
    void selectReadsAndNamesItsTablesAsPostgresFoldsThem() {
        SqlStatement s = only("SELECT a FROM Public.Orders o JOIN \"Audit\".\"Log\" l ON l.id = o.id, items "
                + "WHERE o.x IN (SELECT y FROM \"MixedCase\")");
        assertThat(s.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(s.commandTag()).isEqualTo("SELECT");
        assertThat(s.effects()).containsExactly(SqlEffect.READ);
        assertThat(s.tables()).containsExactly("public.orders", "Audit.Log", "items", "MixedCase");
        assertThat(s.readOnly()).isTrue();
    }

    @Test
    void cteNamesAreNotTables() {
        assertThat(only("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent").tables())
                .containsExactly("orders");
    }

    @Test
    void functionsAreCollectedWithTheirSchema() {
        SqlStatement s = only("SELECT lower(name), pg_catalog.now(), extract(year FROM ts) FROM t, "
                + "generate_series(1, 3) g(i) WHERE coalesce(a, 0) > 0");
        assertThat(s.functions()).containsExactly("lower", "pg_catalog.now", "extract", "generate_series");
        assertThat(s.tables()).containsExactly("t");
    }

    @Test
    void insertUpdateDeleteMergeWriteTheirTargets() {
        assertThat(only("INSERT INTO s.t (a, b) VALUES (1, 2)")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StatementKind.INSERT);
            assertThat(s.tables()).containsExactly("s.t");
            assertThat(s.effects()).containsExactly(SqlEffect.WRITE);
        });
        assertThat(only("UPDATE ONLY t SET a = 1 FROM u WHERE t.id = u.id").tables()).containsExactly("t", "u");
        assertThat(only("DELETE FROM t USING u WHERE t.id = u.id").tables()).containsExactly("t", "u");
        assertThat(only("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1, b = 2"))
                .satisfies(s -> {
                    assertThat(s.kind()).isEqualTo(StatementKind.MERGE);
                    assertThat(s.tables()).containsExactly("t", "s");
                });
    }

    @Test
    void whereLessWritesAreFlagged() {
        assertThat(only("DELETE FROM t").whereLessWrite()).isTrue();
        assertThat(only("UPDATE t SET a = (SELECT b FROM u WHERE u.id = 1)").whereLessWrite()).isTrue();
        assertThat(only("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d WHERE x = 1").whereLessWrite())
                .isTrue();
        assertThat(only("TRUNCATE a, ONLY b").whereLessWrite()).isTrue();
        assertThat(only("DELETE FROM t WHERE id = 1").whereLessWrite()).isFalse();
        assertThat(only("UPDATE t SET a = 1 WHERE CURRENT OF c").whereLessWrite()).isFalse();
        assertThat(only("INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 2").whereLessWrite())
                .isFalse();
    }

    @Test
    void dataModifyingCteMakesASelectWrite() {
        SqlStatement s = only("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d");
        assertThat(s.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(s.effects()).contains(SqlEffect.WRITE);
        assertThat(s.tables()).containsExactly("t");
    }

    @Test
    void explainReportsTheInnerStatementAndWritesOnlyWithAnalyze() {
        SqlStatement plain = only("EXPLAIN (COSTS off) DELETE FROM t");
        assertThat(plain.kind()).isEqualTo(StatementKind.EXPLAIN);
        assertThat(plain.effects()).containsExactly(SqlEffect.READ);
        assertThat(plain.inner()).hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(StatementKind.DELETE));
        assertThat(only("EXPLAIN (ANALYZE, COSTS off) DELETE FROM t").effects()).contains(SqlEffect.WRITE);
        assertThat(only("EXPLAIN ANALYZE DELETE FROM t").effects()).contains(SqlEffect.WRITE);
        assertThat(only("EXPLAIN (ANALYZE false) DELETE FROM t").effects()).containsExactly(SqlEffect.READ);
        assertThat(only("EXPLAIN DEL ETE").effects()).contains(SqlEffect.UNCLASSIFIED);
    }

    @Test
    void prepareCarriesItsInnerStatementAndExecuteIsOpaqueUntilResolved() {
        SqlStatement prepare = only("PREPARE del (int) AS DELETE FROM t WHERE id = $1");
        assertThat(prepare.kind()).isEqualTo(StatementKind.PREPARE);
        assertThat(prepare.name()).contains("del");
        assertThat(prepare.effects()).containsExactly(SqlEffect.WRITE);
        assertThat(prepare.inner()).hasValueSatisfying(i -> assertThat(i.commandTag()).isEqualTo("DELETE"));

        SqlStatement execute = only("EXECUTE del(1)");
        assertThat(execute.kind()).isEqualTo(StatementKind.EXECUTE);
        assertThat(execute.name()).contains("del");
        assertThat(execute.effects()).containsExactly(SqlEffect.OPAQUE);
        SqlStatement resolved = execute.resolvedWith(prepare);
        assertThat(resolved.effects()).containsExactly(SqlEffect.WRITE);
        assertThat(resolved.tables()).containsExactly("t");
        assertThat(execute.resolvedWith(only("PREPARE r AS SELECT 1")).readOnly()).isTrue();
    }

    @Test
    void doAndCallAreOpaque() {
        assertThat(only("DO $$ BEGIN PERFORM 1; END $$").effects()).containsExactly(SqlEffect.OPAQUE);
        SqlStatement call = only("CALL app.refresh(1)");
        assertThat(call.kind()).isEqualTo(StatementKind.CALL);
        assertThat(call.effects()).containsExactly(SqlEffect.OPAQUE);
        assertThat(call.functions()).containsExactly("app.refresh");
    }

    @Test
    void copyDirectionAndTarget() {
        assertThat(only("COPY t (a, b) TO STDOUT")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StatementKind.COPY_TO);
            assertThat(s.effects()).containsExactly(SqlEffect.READ);
            assertThat(s.tables()).containsExactly("t");
        });
        assertThat(only("COPY t FROM STDIN WITH (FORMAT csv)").effects()).containsExactly(SqlEffect.WRITE);
        assertThat(only("COPY t TO PROGRAM 'gzip > /tmp/x'").effects()).contains(SqlEffect.FILE_OR_PROGRAM_ACCESS);
        assertThat(only("COPY t FROM '/data.csv'").effects()).contains(SqlEffect.FILE_OR_PROGRAM_ACCESS);
        assertThat(only("COPY (SELECT * FROM u) TO STDOUT").inner())
                .hasValueSatisfying(i -> assertThat(i.tables()).containsExactly("u"));
    }

    @Test
    void selectIntoAndCreateTableAsCreateAndWrite() {
        SqlStatement into = only("SELECT * INTO archive FROM t");
        assertThat(into.kind()).isEqualTo(StatementKind.DDL);
        assertThat(into.commandTag()).isEqualTo("SELECT INTO");
        assertThat(into.effects()).contains(SqlEffect.DDL, SqlEffect.WRITE);
        assertThat(into.tables()).containsExactly("archive", "t");
        assertThat(only("CREATE TABLE x AS SELECT 1").commandTag()).isEqualTo("CREATE TABLE AS");
    }

    @Test
    void rowLockingSelectWrites() {
        SqlStatement s = only("SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED");
        assertThat(s.commandTag()).isEqualTo("SELECT FOR NO KEY UPDATE");
        assertThat(s.effects()).contains(SqlEffect.WRITE);
    }

    @Test
    void ddlAndPrivilegeCommandTags() {
        assertThat(only("CREATE UNIQUE INDEX i ON t (a)").commandTag()).isEqualTo("CREATE INDEX");
        assertThat(only("create or replace view v as select 1").commandTag()).isEqualTo("CREATE VIEW");
        assertThat(only("DROP TABLE IF EXISTS a, b").tables()).containsExactly("a", "b");
        assertThat(only("ALTER TABLE t OWNER TO bob").effects()).contains(SqlEffect.DDL, SqlEffect.PRIVILEGE);
        assertThat(only("CREATE USER MAPPING FOR me SERVER s").kind()).isEqualTo(StatementKind.PRIVILEGE);
        assertThat(only("REVOKE SELECT ON TABLE a, b FROM bob")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StatementKind.PRIVILEGE);
            assertThat(s.tables()).containsExactly("a", "b");
        });
    }

    @Test
    void sessionAndTransactionStatements() {
        assertThat(only("SET search_path TO app, public")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StatementKind.SESSION);
            assertThat(s.name()).contains("search_path");
            assertThat(s.readOnly()).isTrue();
        });
        assertThat(only("SHOW work_mem").effects()).containsExactly(SqlEffect.READ);
        assertThat(only("BEGIN ISOLATION LEVEL SERIALIZABLE").kind()).isEqualTo(StatementKind.TRANSACTION);
        assertThat(only("SET CONSTRAINTS ALL DEFERRED").commandTag()).isEqualTo("SET CONSTRAINTS");
        assertThat(only("SET LOCAL default_transaction_read_only = 'on'").readOnly()).isTrue();
        assertThat(only("SET default_transaction_read_only = off").effects())
                .contains(SqlEffect.READ_ONLY_SWITCH_OFF);
    }

    @Test
    void cursorsListenNotifyLockAndMaintenance() {
        assertThat(only("DECLARE c NO SCROLL CURSOR WITH HOLD FOR SELECT * FROM t")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StatementKind.CURSOR);
            assertThat(s.name()).contains("c");
            assertThat(s.tables()).containsExactly("t");
        });
        assertThat(only("FETCH FORWARD 5 FROM c").name()).contains("c");
        assertThat(only("LISTEN jobs").kind()).isEqualTo(StatementKind.LISTEN);
        assertThat(only("NOTIFY jobs, 'x'").effects()).contains(SqlEffect.WRITE);
        assertThat(only("LOCK TABLE a, b IN ROW EXCLUSIVE MODE").tables()).containsExactly("a", "b");
        assertThat(only("VACUUM (VERBOSE) t").kind()).isEqualTo(StatementKind.MAINTENANCE);
    }

    @Test
    void unknownOrBrokenTextIsUnclassifiedWithAReason() {
        assertThat(only("FROBNICATE t")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StatementKind.UNCLASSIFIED);
            assertThat(s.unclassifiedReason()).contains("unknown statement 'FROBNICATE'");
            assertThat(s.readOnly()).isFalse();
        });
        assertThat(only("SELECT 'x").unclassifiedReason()).contains("unterminated quoted string");
        assertThat(only("SELECT 1\0; DELETE FROM t").unclassifiedReason()).contains("text contains a NUL character");
    }

    @Test
    void severalStatementsAreClassifiedInOrder() {
        SqlClassification c = classifier.classify("BEGIN; SELECT 1; DELETE FROM t WHERE id = 2; COMMIT;");
        assertThat(c.statements()).extracting(SqlStatement::kind).containsExactly(StatementKind.TRANSACTION,
                StatementKind.SELECT, StatementKind.DELETE, StatementKind.TRANSACTION);
        assertThat(c.readOnly()).isFalse();
        assertThat(c.effects()).contains(SqlEffect.WRITE, SqlEffect.TRANSACTION_CONTROL);
        assertThat(classifier.classify("-- nothing\n;").statements()).isEmpty();
    }

    @Test
    void sqlTextPassedToFunctionsIsClassified() {
        assertThat(only("SELECT query_to_xml('select * from secrets', true, false, '')").tables())
                .containsExactly("secrets");
        assertThat(only("SELECT query_to_xml(q, true, false, '') FROM t").effects()).contains(SqlEffect.OPAQUE);
    }

    @Test
    void classificationHasAnEffectWhenAnyStatementHasIt() {
        SqlClassification mixed = classifier.classify("SELECT 1; CREATE TABLE t (a int)");
        assertThat(mixed.has(SqlEffect.DDL)).isTrue();
        assertThat(mixed.has(SqlEffect.PRIVILEGE)).isFalse();
        assertThat(classifier.classify("SELECT 1").has(SqlEffect.DDL)).isFalse();
        assertThat(classifier.classify("").has(SqlEffect.READ)).isFalse();
    }
}
