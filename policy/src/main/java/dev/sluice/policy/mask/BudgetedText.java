package dev.sluice.policy.mask;

/**
 * A view of a value that counts character reads and throws {@link BudgetExceeded} past its budget: how a
 * backtracking regular expression search is bounded without a thread or a timer.
 */
final class BudgetedText implements CharSequence {

    private CharSequence value = "";
    private long remaining;

    void reset(CharSequence value, long budget) {
        this.value = value;
        this.remaining = budget;
    }

    @Override
    public int length() {
        return value.length();
    }

    @Override
    public char charAt(int index) {
        if (--remaining < 0) {
            throw BudgetExceeded.INSTANCE;
        }
        return value.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return value.subSequence(start, end);
    }

    @Override
    public String toString() {
        return value.toString();
    }

    /** Thrown to unwind the regex engine; carries no stack trace and no text. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regular expression search exceeded its budget", null, false, false);
        }
    }
}
