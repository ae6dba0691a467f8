package dev.sluice.core.access;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a request asks for and a grant allows on its connection: operation kinds ({@code read}, {@code write}, or
 * SQL statement kinds such as {@code select}, {@code delete}) and, optionally, the one exact statement text allowed.
 *
 * <p>{@code write} covers every kind, {@code read} covers {@code read} and the {@link #READ_KINDS read-only kinds};
 * any other kind covers only itself. A scope with a statement covers only that exact text.
 *
 * @param operations lower-case kinds, at least one
 * @param statement the exact statement allowed, or null for any statement of those kinds
 */
public record Scope(Set<String> operations, String statement) {
    public static final String READ = "read";
    public static final String WRITE = "write";
    /** Statement kinds that only read, so a {@code read} scope covers them and auto-approval may treat them as low risk. */
    public static final Set<String> READ_KINDS = Set.of(READ, "select", "show", "explain", "values", "table");

    public Scope {
        if (operations == null || operations.isEmpty()) {
            throw new IllegalArgumentException("a scope names at least one operation kind (read, write or a statement kind)");
        }
        TreeSet<String> normalised = new TreeSet<>();
        for (String operation : operations) {
            if (operation == null || !operation.matches("[A-Za-z_]{1,32}")) {
                throw new IllegalArgumentException("an operation kind is a word such as read, write or select, got \"" + operation + "\"");
            }
            normalised.add(operation.toLowerCase(Locale.ROOT));
        }
        operations = Set.copyOf(normalised);
        if (statement != null) {
            statement = statementText(statement);
            if (statement.isEmpty()) {
                throw new IllegalArgumentException("a scope's statement, when given, is not blank");
            }
        }
    }

    /** A statement as scopes compare it: without surrounding white space and terminating semicolons. */
    static String statementText(String statement) {
        String text = statement.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }

    public static Scope of(String... operations) {
        return new Scope(Set.of(operations), null);
    }

    /** Only {@code statement}, which must be of kind {@code operation}. */
    public static Scope statement(String operation, String statement) {
        return new Scope(Set.of(operation), statement);
    }

    /** Whether every kind in this scope only reads. */
    public boolean readOnly() {
        return READ_KINDS.containsAll(operations);
    }

    /** Whether a grant with this scope allows everything {@code wanted} asks for. */
    public boolean covers(Scope wanted) {
        if (statement != null && !statement.equals(wanted.statement())) {
            return false;
        }
        return wanted.operations().stream().allMatch(this::coversKind);
    }

    private boolean coversKind(String kind) {
        return operations.contains(WRITE)
                || operations.contains(kind)
                || (operations.contains(READ) && READ_KINDS.contains(kind));
    }
}
