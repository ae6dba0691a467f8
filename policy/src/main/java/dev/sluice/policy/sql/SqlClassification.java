package dev.sluice.policy.sql;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The statements of one Query message in order. Empty when the text holds only whitespace, comments and
 * semicolons (PostgreSQL answers such a query with EmptyQueryResponse).
 */
public record SqlClassification(List<SqlStatement> statements) {

    public SqlClassification {
        statements = List.copyOf(statements);
    }

    /** True when every statement is {@link SqlStatement#readOnly() read-only}. */
    public boolean readOnly() {
        return statements.stream().allMatch(SqlStatement::readOnly);
    }

    /** The union of all statements' effects. */
    public Set<SqlEffect> effects() {
        EnumSet<SqlEffect> all = EnumSet.noneOf(SqlEffect.class);
        statements.forEach(s -> all.addAll(s.effects()));
        return all;
    }

    /** True when any statement has {@code effect}; as {@code effects().contains(effect)}, without building the set. */
    public boolean has(SqlEffect effect) {
        for (SqlStatement statement : statements) {
            if (statement.effects().contains(effect)) {
                return true;
            }
        }
        return false;
    }

    /** The first statement that could not be classified, if any. */
    public Optional<SqlStatement> firstUnclassified() {
        return statements.stream().filter(s -> s.effects().contains(SqlEffect.UNCLASSIFIED)).findFirst();
    }
}
