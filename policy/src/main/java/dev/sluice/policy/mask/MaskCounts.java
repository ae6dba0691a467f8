package dev.sluice.policy.mask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many values one session had masked, per rule and per detector, and how many regular expression
 * searches ran out of budget. Holds numbers only, never values. Created by {@link MaskPlan#newCounts()};
 * incremented on the data path, read from any thread through {@link #snapshot()}.
 */
public final class MaskCounts {

    private final List<String> ruleNames;
    private final List<String> detectorNames;
    private final AtomicLongArray byRule;
    private final AtomicLongArray byDetector;
    private final LongAdder budgetExceeded = new LongAdder();

    MaskCounts(List<String> ruleNames, List<String> detectorNames) {
        this.ruleNames = ruleNames;
        this.detectorNames = detectorNames;
        this.byRule = new AtomicLongArray(ruleNames.size());
        this.byDetector = new AtomicLongArray(detectorNames.size());
    }

    void ruleMasked(int rule) {
        byRule.incrementAndGet(rule);
    }

    void detectorMatched(int detector) {
        byDetector.incrementAndGet(detector);
    }

    void budgetExceeded() {
        budgetExceeded.increment();
    }

    public Snapshot snapshot() {
        Map<String, Long> rules = new LinkedHashMap<>();
        for (int i = 0; i < ruleNames.size(); i++) {
            rules.put(ruleNames.get(i), byRule.get(i));
        }
        Map<String, Long> detectors = new LinkedHashMap<>();
        for (int i = 0; i < detectorNames.size(); i++) {
            detectors.put(detectorNames.get(i), byDetector.get(i));
        }
        return new Snapshot(rules, detectors, budgetExceeded.sum());
    }

    /**
     * Counts at one moment: masked values per rule name, values in which each detector found something, and
     * regular expression searches stopped by their budget (each of those values was masked, failing closed).
     */
    public record Snapshot(Map<String, Long> maskedByRule, Map<String, Long> matchedByDetector, long budgetExceeded) {

        public Snapshot {
            maskedByRule = Map.copyOf(maskedByRule);
            matchedByDetector = Map.copyOf(matchedByDetector);
        }

        public long totalMasked() {
            return maskedByRule.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
