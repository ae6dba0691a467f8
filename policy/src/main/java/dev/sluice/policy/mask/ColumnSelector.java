package dev.sluice.policy.mask;

import java.util.List;
import java.util.Locale;

/**
 * Which columns a rule covers: names matching a glob ({@code *} any run, {@code ?} one character,
 * case-insensitive; a glob with a dot is matched against {@code table.column}), or exact table columns. An
 * empty selector covers every column.
 */
public record ColumnSelector(List<String> globs, List<TableColumn> tableColumns) {

    public static final ColumnSelector ALL = new ColumnSelector(List.of(), List.of());

    public ColumnSelector {
        globs = globs.stream().map(g -> g.toLowerCase(Locale.ROOT)).toList();
        tableColumns = List.copyOf(tableColumns);
    }

    public boolean coversAll() {
        return globs.isEmpty() && tableColumns.isEmpty();
    }

    public boolean matches(ColumnRef column) {
        if (coversAll()) {
            return true;
        }
        String name = column.columnName().toLowerCase(Locale.ROOT);
        String table = column.tableName() == null ? null : column.tableName().toLowerCase(Locale.ROOT);
        for (String glob : globs) {
            if (glob.indexOf('.') < 0 ? Glob.matches(glob, name)
                    : table != null && (Glob.matches(glob, table + "." + name)
                            || Glob.matches(glob, unqualified(table) + "." + name))) {
                return true;
            }
        }
        for (TableColumn tc : tableColumns) {
            if (tc.matches(table, name)) {
                return true;
            }
        }
        return false;
    }

    private static String unqualified(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }

    /**
     * A column of a named table, compared case-insensitively. A table without a schema matches that table
     * in any schema; {@code public.customers} matches only a caller that names the schema.
     */
    public record TableColumn(String table, String column) {

        public TableColumn {
            table = table.toLowerCase(Locale.ROOT);
            column = column.toLowerCase(Locale.ROOT);
        }

        /** Parses {@code table.column} or {@code schema.table.column}. */
        public static TableColumn parse(String qualified) {
            int dot = qualified.lastIndexOf('.');
            if (dot <= 0 || dot == qualified.length() - 1) {
                throw new IllegalArgumentException("expected table.column, was \"" + qualified + "\"");
            }
            return new TableColumn(qualified.substring(0, dot), qualified.substring(dot + 1));
        }

        boolean matches(String callerTable, String callerColumn) {
            if (callerTable == null || !column.equals(callerColumn)) {
                return false;
            }
            return table.equals(callerTable)
                    || (table.indexOf('.') < 0 && table.equals(unqualified(callerTable)));
        }
    }
}
