package dev.sluice.policy.mask;

import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An operator's detector: a regular expression compiled once. java.util.regex backtracks, so a pattern such
 * as {@code (a+)+$} can take exponential time on a crafted value. Each search therefore reads the value
 * through a {@link BudgetedText} that stops it after {@link #BASE_BUDGET} + {@link #BUDGET_PER_CHAR} x length
 * character reads; a search stopped that way reports the whole value as a match (fail closed) and is counted.
 */
public final class RegexDetector implements Detector {

    public static final int BASE_BUDGET = 10_000;
    public static final int BUDGET_PER_CHAR = 100;

    private final String name;
    private final Pattern pattern;
    private final LongAdder budgetExceeded = new LongAdder();
    private final ThreadLocal<Search> searches;

    private RegexDetector(String name, Pattern pattern) {
        this.name = name;
        this.pattern = pattern;
        this.searches = ThreadLocal.withInitial(() -> new Search(pattern));
    }

    /**
     * Compiles {@code regex}; refuses a pattern that does not compile or that matches the empty string (it
     * would match everywhere and mask nothing).
     *
     * @throws IllegalArgumentException saying why, without a stack of regex internals
     */
    public static RegexDetector compile(String name, String regex, boolean caseInsensitive) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("regex is empty");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), e);
        }
        if (pattern.matcher("").matches()) {
            throw new IllegalArgumentException("regex matches the empty string, so it would match everywhere");
        }
        return new RegexDetector(name, pattern);
    }

    @Override
    public String name() {
        return name;
    }

    public String pattern() {
        return pattern.pattern();
    }

    /** Searches stopped by the budget since this detector was compiled, across all sessions. */
    public long budgetExceededCount() {
        return budgetExceeded.sum();
    }

    @Override
    public void find(CharSequence text, MatchSink sink) {
        Search search = searches.get();
        Matcher matcher = search.reset(text);
        int reportedEnd = 0;
        try {
            while (matcher.find()) {
                if (matcher.end() > matcher.start()) {
                    sink.match(matcher.start(), matcher.end());
                    reportedEnd = matcher.end();
                }
            }
        } catch (BudgetedText.BudgetExceeded e) {
            budgetExceeded.increment();
            sink.budgetExceeded(name);
            sink.match(reportedEnd, text.length());
        } finally {
            search.release();
        }
    }

    @Override
    public String toString() {
        return "RegexDetector[" + name + "]";
    }

    /** One thread's reusable matcher over a budgeted view, so a search allocates nothing. */
    private static final class Search {
        private final BudgetedText text = new BudgetedText();
        private final Matcher matcher;

        Search(Pattern pattern) {
            this.matcher = pattern.matcher(text);
        }

        Matcher reset(CharSequence value) {
            text.reset(value, BASE_BUDGET + (long) BUDGET_PER_CHAR * value.length());
            return matcher.reset(text);
        }

        void release() {
            text.reset("", 0);
            matcher.reset(text);
        }
    }
}
