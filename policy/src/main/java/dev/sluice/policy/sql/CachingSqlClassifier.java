package dev.sluice.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Remembers the classification of recently seen texts so that the statements an application repeats cost a map
 * lookup. Bounded in entries and, by not caching long texts, in memory. Thread-safe, and lookups take no lock:
 * every event loop asks for every statement. Eviction is second chance, an approximation of least recently
 * used: entries leave in the order they came unless used since their last turn, which sends them round again.
 *
 * <p>Over a {@link SqlStatementClassifier}, texts that differ only in their numeric constants share an entry
 * when that is safe: {@code ... WHERE aid = 48213} and {@code ... WHERE aid = 7} are the same tokens but for
 * one number (their {@link NumberSkeleton} is equal), and when classifying the first never looked at a numeric
 * constant, the second is classified the same, with its own text. Where a number can decide the result
 * ({@code SET transaction_read_only = 0}, {@code EXPLAIN (ANALYZE 0)}) the classifier reports that it looked,
 * and the entry is kept under the exact text only. The exact text is looked up first, so a text without
 * numbers (a prepared statement's, say) costs one lookup as before.
 */
public final class CachingSqlClassifier implements SqlClassifier {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Texts longer than this are classified every time rather than cached. */
    public static final int MAX_CACHED_TEXT_LENGTH = 16 * 1024;

    private final SqlClassifier delegate;
    /** The delegate when it can say whether numbers mattered; null otherwise (exact texts only). */
    private final SqlStatementClassifier analyser;
    /**
     * Keys are exact texts (never holding a NUL: such texts are not cached) or skeletons (always holding one), so
     * the two kinds cannot collide.
     */
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    /** Keys in eviction order. */
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
    private final int maxEntries;

    /** A classification, and for one shared by a skeleton where each statement's text lies in the skeleton. */
    private static final class Entry {
        final SqlClassification classification;
        /** Null for an entry under an exact text. */
        final int[] starts;
        final int[] ends;
        /** Set by a hit, cleared when eviction passes it over. */
        volatile boolean used;

        Entry(SqlClassification classification, int[] starts, int[] ends) {
            this.classification = classification;
            this.starts = starts;
            this.ends = ends;
        }

        /** The shared classification with statement texts taken from {@code sql}, whose skeleton this is under. */
        SqlClassification instantiate(String sql, NumberSkeleton skeleton) {
            List<SqlStatement> template = classification.statements();
            List<SqlStatement> own = new ArrayList<>(template.size());
            for (int i = 0; i < template.size(); i++) {
                String text = sql.substring(skeleton.toSource(starts[i]), skeleton.toSource(ends[i]));
                own.add(template.get(i).withText(text));
            }
            return new SqlClassification(own);
        }
    }

    public CachingSqlClassifier(SqlClassifier delegate) {
        this(delegate, DEFAULT_MAX_ENTRIES);
    }

    public CachingSqlClassifier(SqlClassifier delegate, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.delegate = delegate;
        this.analyser = delegate instanceof SqlStatementClassifier classifier ? classifier : null;
        this.maxEntries = maxEntries;
    }

    @Override
    public SqlClassification classify(String sql) {
        if (sql.length() > MAX_CACHED_TEXT_LENGTH || sql.indexOf('\0') >= 0) {
            return delegate.classify(sql);
        }
        Entry exact = lookup(sql);
        if (exact != null) {
            return exact.classification;
        }
        NumberSkeleton skeleton = analyser == null ? null : NumberSkeleton.of(sql);
        if (skeleton != null) {
            Entry shared = lookup(skeleton.key());
            if (shared != null) {
                return shared.instantiate(sql, skeleton);
            }
        }
        if (skeleton == null) {
            SqlClassification fresh = delegate.classify(sql);
            store(sql, new Entry(fresh, null, null));
            return fresh;
        }
        SqlStatementClassifier.Analysis analysis = analyser.analyse(sql);
        if (analysis.numbersUnread()) {
            store(skeleton.key(), new Entry(analysis.classification(), toKey(analysis.starts(), skeleton),
                    toKey(analysis.ends(), skeleton)));
        } else {
            store(sql, new Entry(analysis.classification(), null, null));
        }
        return analysis.classification();
    }

    private static int[] toKey(int[] sourceOffsets, NumberSkeleton skeleton) {
        int[] keyOffsets = new int[sourceOffsets.length];
        for (int i = 0; i < sourceOffsets.length; i++) {
            keyOffsets[i] = skeleton.toKey(sourceOffsets[i]);
        }
        return keyOffsets;
    }

    private Entry lookup(String key) {
        Entry entry = cache.get(key);
        if (entry != null && !entry.used) {
            entry.used = true;
        }
        return entry;
    }

    private void store(String key, Entry entry) {
        if (cache.putIfAbsent(key, entry) != null) {
            return;
        }
        order.add(key);
        while (cache.size() > maxEntries) {
            String oldest = order.poll();
            if (oldest == null) {
                return;
            }
            Entry candidate = cache.get(oldest);
            if (candidate != null && candidate.used) {
                candidate.used = false;
                order.add(oldest);
            } else {
                cache.remove(oldest);
            }
        }
    }

    /** Number of cached texts and skeletons; for tests and metrics. */
    public int size() {
        return cache.size();
    }
}
