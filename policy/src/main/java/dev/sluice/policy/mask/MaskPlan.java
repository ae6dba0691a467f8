package dev.sluice.policy.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The masking rules for one identity's session, resolved once per result into {@link ColumnMasks}. Immutable
 * and thread-safe; the per-result and per-session objects it hands out are not shared between threads.
 *
 * <p>Per RowDescription: {@code ColumnMasks masks = plan.forColumns(columns, counts)}; per value:
 * {@code masks.apply(i, value)}. For error and notice texts: {@code plan.maskFreeText(text, counts)}.
 */
public final class MaskPlan {

    public static final MaskPlan NONE = new MaskPlan(List.of());

    private final List<MaskRule> rules;
    private final List<String> detectorNames;
    private final int[][] detectorIndexes;
    private final int[] detectorRules;

    private MaskPlan(List<MaskRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, Integer> names = new LinkedHashMap<>();
        this.detectorIndexes = new int[this.rules.size()][];
        List<Integer> withDetectors = new ArrayList<>();
        for (int r = 0; r < this.rules.size(); r++) {
            MaskRule rule = this.rules.get(r);
            detectorIndexes[r] = rule.detectors().stream()
                    .mapToInt(d -> names.computeIfAbsent(d.name(), n -> names.size()))
                    .toArray();
            if (!rule.isWholeColumn()) {
                withDetectors.add(r);
            }
        }
        this.detectorNames = List.copyOf(names.keySet());
        this.detectorRules = withDetectors.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A plan of {@code rules}, applied in order: for a column, the first whole-column rule that selects it wins. */
    public static MaskPlan of(List<MaskRule> rules) {
        return rules.isEmpty() ? NONE : new MaskPlan(rules);
    }

    /**
     * Parses the policy's {@code mask:} entries (as SnakeYAML gives them) into a plan.
     *
     * @param hashKey the gateway's masking key for {@code hash} maskers; null if none is configured
     * @throws IllegalArgumentException naming the entry and field at fault, e.g. {@code mask[2].masker: ...}
     */
    public static MaskPlan parse(Object spec, byte[] hashKey) {
        return of(new MaskSpecParser(hashKey).parse(spec));
    }

    public List<MaskRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Counters for one session under this plan. */
    public MaskCounts newCounts() {
        return new MaskCounts(rules.stream().map(MaskRule::name).toList(), detectorNames);
    }

    /** Resolves which rule applies to which column of one result; do this once per RowDescription. */
    public ColumnMasks forColumns(List<ColumnRef> columns, MaskCounts counts) {
        return new ColumnMasks(this, columns, counts);
    }

    /**
     * Applies every detector rule to a text that is not a column value: an error or notice detail, a COPY
     * text line. Column rules cannot apply, since no column is known; a span whose masker gives SQL NULL is
     * redacted instead. Returns {@code text} itself when nothing was found.
     */
    public String maskFreeText(String text, MaskCounts counts) {
        if (text == null || detectorRules.length == 0) {
            return text;
        }
        return new SpanMasker(this, counts).mask(text, detectorRules, true, true);
    }

    int detectorCount() {
        return detectorNames.size();
    }

    int[] detectorIndexes(int rule) {
        return detectorIndexes[rule];
    }
}
