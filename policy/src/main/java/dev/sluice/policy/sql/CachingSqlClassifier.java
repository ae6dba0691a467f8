package dev.sluice.policy.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the classification of recently seen texts, least recently used evicted first, so that the
 * statements an application repeats cost a map lookup. Bounded in entries and, by not caching long texts,
 * in memory. Thread-safe.
 */
public final class CachingSqlClassifier implements SqlClassifier {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Texts longer than this are classified every time rather than cached. */
    public static final int MAX_CACHED_TEXT_LENGTH = 16 * 1024;

    private final SqlClassifier delegate;
    private final Map<String, SqlClassification> cache;

    public CachingSqlClassifier(SqlClassifier delegate) {
        this(delegate, DEFAULT_MAX_ENTRIES);
    }

    public CachingSqlClassifier(SqlClassifier delegate, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.delegate = delegate;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SqlClassification> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public SqlClassification classify(String sql) {
        if (sql.length() > MAX_CACHED_TEXT_LENGTH) {
            return delegate.classify(sql);
        }
        synchronized (cache) {
            SqlClassification cached = cache.get(sql);
            if (cached != null) {
                return cached;
            }
        }
        SqlClassification fresh = delegate.classify(sql);
        synchronized (cache) {
            cache.put(sql, fresh);
        }
        return fresh;
    }

    /** Number of cached texts; for tests and metrics. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
