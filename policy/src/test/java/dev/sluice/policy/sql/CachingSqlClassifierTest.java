package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingSqlClassifierTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final SqlClassifier counting = sql -> {
        calls.incrementAndGet();
        return new SqlStatementClassifier().classify(sql);
    };

    @Test
    void repeatedTextIsClassifiedOnce() {
        CachingSqlClassifier cache = new CachingSqlClassifier(counting);
        SqlClassification first = cache.classify("SELECT 1");
        SqlClassification second = cache.classify("SELECT 1");
        assertThat(second).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void leastRecentlyUsedEntryIsEvictedAtTheBound() {
        CachingSqlClassifier cache = new CachingSqlClassifier(counting, 2);
        cache.classify("SELECT 1");
        cache.classify("SELECT 2");
        cache.classify("SELECT 1");
        cache.classify("SELECT 3");
        assertThat(cache.size()).isEqualTo(2);
        cache.classify("SELECT 1");
        assertThat(calls).hasValue(3);
        cache.classify("SELECT 2");
        assertThat(calls).hasValue(4);
    }

    @Test
    void longTextsAreNotCached() {
        CachingSqlClassifier cache = new CachingSqlClassifier(counting);
        String longSql = "SELECT '" + "x".repeat(CachingSqlClassifier.MAX_CACHED_TEXT_LENGTH) + "'";
        cache.classify(longSql);
        cache.classify(longSql);
        assertThat(calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void statementsDifferingOnlyInNumbersShareOneEntryEachWithItsOwnText() {
        CachingSqlClassifier cache = new CachingSqlClassifier(new SqlStatementClassifier());
        cache.classify("SELECT abalance FROM pgbench_accounts WHERE aid = 48213;");
        SqlClassification other = cache.classify("SELECT abalance FROM pgbench_accounts WHERE aid = 7;");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(other).isEqualTo(new SqlStatementClassifier()
                .classify("SELECT abalance FROM pgbench_accounts WHERE aid = 7;"));
        assertThat(other.statements().get(0).text()).isEqualTo("SELECT abalance FROM pgbench_accounts WHERE aid = 7");
    }

    @Test
    void numbersThatDecideTheResultNeverShareAnEntry() {
        List<List<String>> pairs = List.of(
                List.of("SET transaction_read_only = 0", "SET transaction_read_only = 1"),
                List.of("SET default_transaction_read_only TO 0", "SET default_transaction_read_only TO 1"),
                List.of("EXPLAIN (ANALYZE 0) DELETE FROM t", "EXPLAIN (ANALYZE 1) DELETE FROM t"),
                List.of("ALTER SYSTEM SET default_transaction_read_only = 0",
                        "ALTER SYSTEM SET default_transaction_read_only = 1"));
        SqlStatementClassifier plain = new SqlStatementClassifier();
        for (List<String> pair : pairs) {
            for (List<String> order : List.of(pair, List.of(pair.get(1), pair.get(0)))) {
                CachingSqlClassifier cache = new CachingSqlClassifier(new SqlStatementClassifier());
                SqlClassification first = cache.classify(order.get(0));
                SqlClassification second = cache.classify(order.get(1));
                assertThat(cache.size()).as("%s", order).isEqualTo(2);
                assertThat(first).isEqualTo(plain.classify(order.get(0)));
                assertThat(second).isEqualTo(plain.classify(order.get(1)));
            }
        }
        CachingSqlClassifier cache = new CachingSqlClassifier(new SqlStatementClassifier());
        cache.classify("SET transaction_read_only = 1");
        assertThat(cache.classify("SET transaction_read_only = 0").effects()).contains(SqlEffect.READ_ONLY_SWITCH_OFF);
        cache.classify("EXPLAIN (ANALYZE 0) DELETE FROM t");
        assertThat(cache.classify("EXPLAIN (ANALYZE 1) DELETE FROM t").readOnly()).isFalse();
    }

    @Test
    void identifiersWithDigitsNeverCollide() {
        CachingSqlClassifier cache = new CachingSqlClassifier(new SqlStatementClassifier());
        cache.classify("SELECT * FROM t1 WHERE a = 1");
        assertThat(cache.classify("SELECT * FROM t2 WHERE a = 1").statements().get(0).tables()).containsExactly("t2");
        cache.classify("SELECT * FROM s.t WHERE a = 1");
        assertThat(cache.classify("SELECT * FROM s1.t WHERE a = 2").statements().get(0).tables())
                .containsExactly("s1.t");
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void boundMustBePositive() {
        assertThatThrownBy(() -> new CachingSqlClassifier(counting, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }
}
