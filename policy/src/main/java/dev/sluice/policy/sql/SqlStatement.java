package dev.sluice.policy.sql;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One classified statement.
 *
 * @param text the statement's text, without the terminating semicolon
 * @param kind what sort of statement it is
 * @param commandTag PostgreSQL-style command name, e.g. {@code DELETE}, {@code CREATE TABLE}, {@code SELECT INTO}
 * @param effects what running it can do; never empty
 * @param tables relations it names, schema-qualified as written, folded as PostgreSQL folds them
 * @param functions functions it calls, schema-qualified as written
 * @param whereLessWrite an UPDATE or DELETE (possibly inside a WITH) without WHERE, or a TRUNCATE
 * @param name the prepared statement, cursor, channel or setting the statement names, if any
 * @param inner the statement inside EXPLAIN, PREPARE, DECLARE CURSOR or {@code COPY (query)}
 * @param unclassifiedReason why it, or its inner statement, could not be classified
 */
public record SqlStatement(
        String text,
        StatementKind kind,
        String commandTag,
        Set<SqlEffect> effects,
        Set<String> tables,
        Set<String> functions,
        boolean whereLessWrite,
        Optional<String> name,
        Optional<SqlStatement> inner,
        Optional<String> unclassifiedReason) {

    public SqlStatement {
        if (effects.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one effect");
        }
        effects = Collections.unmodifiableSet(EnumSet.copyOf(effects));
        tables = orderedCopy(tables);
        functions = orderedCopy(functions);
        if (effects.contains(SqlEffect.UNCLASSIFIED) && unclassifiedReason.isEmpty()) {
            throw new IllegalArgumentException("an unclassified statement says why");
        }
    }

    /** An unmodifiable copy in the same order; the common sizes, none and one, without a hash table. */
    private static Set<String> orderedCopy(Set<String> names) {
        if (names.isEmpty()) {
            return Set.of();
        }
        if (names.size() == 1) {
            String only = names.iterator().next();
            if (only != null) {
                return Set.of(only);
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** A statement that could not be classified: the most dangerous kind. */
    public static SqlStatement unclassified(String text, String reason) {
        return new SqlStatement(text, StatementKind.UNCLASSIFIED, "UNCLASSIFIED", EnumSet.of(SqlEffect.UNCLASSIFIED),
                Set.of(), Set.of(), false, Optional.empty(), Optional.empty(), Optional.of(reason));
    }

    /**
     * True when the statement changes no data, schema or privileges, cannot leave read-only mode, touches no
     * server file or program, calls no dangerous built-in, and was fully understood.
     */
    public boolean readOnly() {
        return kind != StatementKind.UNCLASSIFIED && SqlEffect.HARMLESS.containsAll(effects);
    }

    /** This statement as read from another text; for texts that differ only in what classification ignores. */
    SqlStatement withText(String otherText) {
        return new SqlStatement(otherText, kind, commandTag, effects, tables, functions, whereLessWrite, name, inner,
                unclassifiedReason);
    }

    /**
     * For an EXECUTE whose prepared statement the caller knows (from an earlier PREPARE or Parse): this
     * statement with the prepared statement's effects in place of {@link SqlEffect#OPAQUE}.
     */
    public SqlStatement resolvedWith(SqlStatement prepared) {
        if (kind != StatementKind.EXECUTE) {
            throw new IllegalStateException("only EXECUTE resolves a prepared statement, not " + kind);
        }
        SqlStatement target = prepared.kind == StatementKind.PREPARE && prepared.inner.isPresent()
                ? prepared.inner.get() : prepared;
        EnumSet<SqlEffect> resolved = EnumSet.copyOf(effects);
        resolved.remove(SqlEffect.OPAQUE);
        resolved.addAll(target.effects);
        Set<String> allTables = new LinkedHashSet<>(tables);
        allTables.addAll(target.tables);
        Set<String> allFunctions = new LinkedHashSet<>(functions);
        allFunctions.addAll(target.functions);
        return new SqlStatement(text, kind, commandTag, resolved, allTables, allFunctions,
                whereLessWrite || target.whereLessWrite, name, Optional.of(target),
                unclassifiedReason.or(target::unclassifiedReason));
    }
}
