package dev.sluice.postgres.mask;

import java.util.Map;

/**
 * A table's qualified name ({@code schema.table}) and its columns by attribute number, as the catalog says.
 */
public record TableNames(String qualifiedName, Map<Short, String> columns) {
    public TableNames {
        columns = Map.copyOf(columns);
    }
}
