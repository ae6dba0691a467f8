package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void boundMustBePositive() {
        assertThatThrownBy(() -> new CachingSqlClassifier(counting, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }
}
