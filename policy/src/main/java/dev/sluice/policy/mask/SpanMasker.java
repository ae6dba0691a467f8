package dev.sluice.policy.mask;

import java.util.Arrays;

/**
 * Runs a plan's detector rules over one value and rewrites what they found. Overlapping spans are merged and
 * masked once, with the masker of the earliest rule among them; a {@link MaskRule.Scope#VALUE} rule that
 * found anything masks the whole value instead. Reuses its buffers: one instance per thread.
 */
final class SpanMasker implements MatchSink {

    private final MaskPlan plan;
    private final MaskCounts counts;
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int[] ruleOf = new int[8];
    private int spans;
    private int currentRule;
    private final boolean[] ruleHit;
    private final boolean[] detectorHit;
    private int currentDetector;

    SpanMasker(MaskPlan plan, MaskCounts counts) {
        this.plan = plan;
        this.counts = counts;
        this.ruleHit = new boolean[plan.rules().size()];
        this.detectorHit = new boolean[plan.detectorCount()];
    }

    /** The masked value, {@code value} itself when nothing was found, or null for SQL NULL. */
    String mask(String value, int[] rules, boolean textOnly, boolean freeText) {
        spans = 0;
        for (int r : rules) {
            currentRule = r;
            MaskRule rule = plan.rules().get(r);
            int[] detectorIndexes = plan.detectorIndexes(r);
            for (int d = 0; d < detectorIndexes.length; d++) {
                currentDetector = detectorIndexes[d];
                rule.detectors().get(d).find(value, this);
            }
        }
        if (spans == 0) {
            return value;
        }
        int valueRule = countHits();
        if (!textOnly) {
            return null;
        }
        if (valueRule >= 0) {
            return text(plan.rules().get(valueRule).masker().mask(value), freeText);
        }
        return rewrite(value, freeText);
    }

    @Override
    public void match(int start, int end) {
        if (spans == starts.length) {
            starts = Arrays.copyOf(starts, spans * 2);
            ends = Arrays.copyOf(ends, spans * 2);
            ruleOf = Arrays.copyOf(ruleOf, spans * 2);
        }
        starts[spans] = start;
        ends[spans] = end;
        ruleOf[spans] = currentRule;
        spans++;
        ruleHit[currentRule] = true;
        detectorHit[currentDetector] = true;
    }

    @Override
    public void budgetExceeded(String detector) {
        counts.budgetExceeded();
    }

    /** Counts and clears the hit flags; returns the earliest VALUE-scope rule that found something, or -1. */
    private int countHits() {
        int valueRule = -1;
        for (int r = 0; r < ruleHit.length; r++) {
            if (ruleHit[r]) {
                ruleHit[r] = false;
                counts.ruleMasked(r);
                if (valueRule < 0 && plan.rules().get(r).scope() == MaskRule.Scope.VALUE) {
                    valueRule = r;
                }
            }
        }
        for (int d = 0; d < detectorHit.length; d++) {
            if (detectorHit[d]) {
                detectorHit[d] = false;
                counts.detectorMatched(d);
            }
        }
        return valueRule;
    }

    private String rewrite(String value, boolean freeText) {
        sortByStart();
        StringBuilder out = new StringBuilder(value.length() + 16);
        int pos = 0;
        int i = 0;
        while (i < spans) {
            int start = starts[i];
            int end = ends[i];
            int rule = ruleOf[i];
            for (i++; i < spans && starts[i] < end; i++) {
                end = Math.max(end, ends[i]);
                rule = Math.min(rule, ruleOf[i]);
            }
            String masked = text(plan.rules().get(rule).masker().mask(value.substring(start, end)), freeText);
            if (masked == null) {
                return null;
            }
            out.append(value, pos, start).append(masked);
            pos = end;
        }
        return out.append(value, pos, value.length()).toString();
    }

    private void sortByStart() {
        for (int i = 1; i < spans; i++) {
            int s = starts[i];
            int e = ends[i];
            int r = ruleOf[i];
            int j = i - 1;
            while (j >= 0 && starts[j] > s) {
                starts[j + 1] = starts[j];
                ends[j + 1] = ends[j];
                ruleOf[j + 1] = ruleOf[j];
                j--;
            }
            starts[j + 1] = s;
            ends[j + 1] = e;
            ruleOf[j + 1] = r;
        }
    }

    /** SQL NULL cannot stand inside text or in a message: there it becomes the default redaction. */
    private static String text(MaskedValue masked, boolean freeText) {
        if (masked instanceof MaskedValue.Text t) {
            return t.text();
        }
        return freeText ? RedactMasker.DEFAULT_REPLACEMENT : null;
    }
}
