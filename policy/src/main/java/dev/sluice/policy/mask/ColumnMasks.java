package dev.sluice.policy.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What to do with each column of one result, resolved once from its RowDescription by
 * {@link MaskPlan#forColumns}. Used by one connection's thread for the rows of that result:
 * <pre>{@code
 * switch (masks.action(i)) {
 *   case KEEP -> forward the bytes
 *   case NULL -> if the value is not NULL: masks.nullify(i), send NULL
 *   case MASK -> String out = masks.apply(i, text); out == text ? forward the bytes
 *                : out == null ? send NULL : send out's UTF-8 bytes
 * }
 * }</pre>
 */
public final class ColumnMasks {

    /** What a column needs, known before any row arrives. */
    public enum Action {
        /** No rule can touch this column: forward values without decoding them. */
        KEEP,
        /** Decode the text value and pass it through {@link #apply}. */
        MASK,
        /** Every non-null value becomes SQL NULL (see {@link #nullify}). */
        NULL
    }

    private static final int[] NO_RULES = {};

    private final List<ColumnRef> columns;
    private final Action[] actions;
    private final int[] wholeRule;
    private final int[][] detectorRules;
    private final boolean[] textOnly;
    /** The detectors that may run on each column, for {@link #mayChange}; empty for whole-column masks. */
    private final Detector[][] columnDetectors;
    private final ValueProfile profile = new ValueProfile();
    private final MaskPlan plan;
    private final MaskCounts counts;
    private final boolean empty;
    private SpanMasker spanMasker;

    ColumnMasks(MaskPlan plan, List<ColumnRef> columns, MaskCounts counts) {
        this.plan = plan;
        this.counts = counts;
        this.columns = List.copyOf(columns);
        int n = this.columns.size();
        this.actions = new Action[n];
        this.wholeRule = new int[n];
        this.detectorRules = new int[n][];
        this.textOnly = new boolean[n];
        this.columnDetectors = new Detector[n][];
        boolean anything = false;
        for (int c = 0; c < n; c++) {
            resolve(c, this.columns.get(c));
            anything |= actions[c] != Action.KEEP;
        }
        this.empty = !anything;
    }

    private void resolve(int c, ColumnRef column) {
        List<MaskRule> rules = plan.rules();
        wholeRule[c] = -1;
        List<Integer> detecting = new ArrayList<>();
        for (int r = 0; r < rules.size() && wholeRule[c] < 0; r++) {
            MaskRule rule = rules.get(r);
            if (!rule.columns().matches(column)) {
                continue;
            }
            if (rule.isWholeColumn()) {
                wholeRule[c] = r;
            } else {
                detecting.add(r);
            }
        }
        ColumnRef.ValueForm form = column.form();
        textOnly[c] = form == ColumnRef.ValueForm.FREE_TEXT;
        if (wholeRule[c] >= 0) {
            detectorRules[c] = NO_RULES;
            boolean asNull = !textOnly[c] || rules.get(wholeRule[c]).masker().preservesAnyType();
            actions[c] = asNull ? Action.NULL : Action.MASK;
        } else {
            detectorRules[c] = form == ColumnRef.ValueForm.BINARY
                    ? NO_RULES : detecting.stream().mapToInt(Integer::intValue).toArray();
            actions[c] = detectorRules[c].length == 0 ? Action.KEEP : Action.MASK;
        }
        columnDetectors[c] = java.util.Arrays.stream(detectorRules[c])
                .mapToObj(r -> rules.get(r).detectors().stream()).flatMap(d -> d).distinct().toArray(Detector[]::new);
    }

    /**
     * Whether {@link #apply} could change a value of {@code column} whose UTF-8 bytes are given, decided without
     * decoding them: false when every detector that runs on the column rules the value out. When false, the value
     * stays as it is and the caller need not build a {@code String} for it.
     */
    public boolean mayChange(int column, byte[] utf8, int offset, int length) {
        if (actions[column] != Action.MASK || wholeRule[column] >= 0) {
            return actions[column] != Action.KEEP;
        }
        Detector[] detectors = columnDetectors[column];
        profile.reset(utf8, offset, length);
        for (Detector detector : detectors) {
            if (detector.mayMatch(profile)) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return actions.length;
    }

    /** True when no column needs anything: rows can be forwarded as they are. */
    public boolean isEmpty() {
        return empty;
    }

    public Action action(int column) {
        return actions[column];
    }

    public List<ColumnRef> columns() {
        return columns;
    }

    /**
     * Masks one text value of {@code column}. Returns {@code value} itself (no allocation) when it stays as
     * it is, the masked text otherwise, or null when it must be sent as SQL NULL. A null {@code value} (SQL
     * NULL) stays null.
     */
    public String apply(int column, String value) {
        if (value == null) {
            return null;
        }
        switch (actions[column]) {
            case KEEP:
                return value;
            case NULL:
                counts.ruleMasked(wholeRule[column]);
                return null;
            default:
                break;
        }
        int rule = wholeRule[column];
        if (rule >= 0) {
            counts.ruleMasked(rule);
            MaskedValue masked = plan.rules().get(rule).masker().mask(value);
            return masked instanceof MaskedValue.Text t ? t.text() : null;
        }
        if (spanMasker == null) {
            spanMasker = new SpanMasker(plan, counts);
        }
        return spanMasker.mask(value, detectorRules[column], textOnly[column], false);
    }

    /**
     * Records that one non-null value of a {@link Action#NULL} column is being sent as SQL NULL, without
     * the caller decoding it. Returns true, so it reads as a condition.
     */
    public boolean nullify(int column) {
        if (actions[column] != Action.NULL) {
            throw new IllegalStateException("column " + column + " is " + actions[column] + ", not NULL");
        }
        counts.ruleMasked(wholeRule[column]);
        return true;
    }

    /** The name of the whole-column rule masking {@code column}, for records; null when none does. */
    public String ruleName(int column) {
        return wholeRule[column] < 0 ? null : plan.rules().get(wholeRule[column]).name();
    }

    @Override
    public String toString() {
        return "ColumnMasks" + Arrays.toString(actions);
    }
}
