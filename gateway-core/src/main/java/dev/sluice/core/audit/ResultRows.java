package dev.sluice.core.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Result rows as the client saw them (after masking), for replay. Callers record at most
 * {@link #MAX_ROWS} rows per result; {@code truncated} says more followed.
 *
 * @param columns column names
 * @param rows each row's values as text, null for SQL NULL
 */
public record ResultRows(List<String> columns, List<List<String>> rows, boolean truncated) implements SessionEvent {
    /** A sensible cap per result, so a recording does not grow with result size. */
    public static final int MAX_ROWS = 100;

    public ResultRows {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = java.util.Collections.unmodifiableList(copy);
    }

    @Override
    public String type() {
        return "result_rows";
    }
}
