package dev.sluice.policy;

import dev.sluice.policy.sql.SqlEffect;
import dev.sluice.policy.sql.SqlStatement;
import dev.sluice.policy.sql.StatementKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operation part of a rule's match. Within a match every given criterion must hold; within one criterion's
 * list any entry may match. Names are compared ignoring letter case and may use {@code *} as a wildcard.
 */
public sealed interface OperationMatch {
    boolean matches(Operation operation);

    /**
     * SQL statements.
     *
     * @param tables a name without schema matches the table in any schema; a schema-qualified name also matches
     *               the unqualified table name, since the search path decides which schema that is
     * @param whereLessWrite when present, whether the statement is an UPDATE/DELETE without WHERE, or a TRUNCATE
     * @param readOnly when present, whether the statement is {@link SqlStatement#readOnly() read-only}
     * @param unclassified when present, whether the statement could not be classified
     */
    record Sql(
            Set<StatementKind> kinds,
            Set<SqlEffect> effects,
            Set<String> commandTags,
            Set<String> tables,
            Set<String> functions,
            Optional<Boolean> whereLessWrite,
            Optional<Boolean> readOnly,
            Optional<Boolean> unclassified) implements OperationMatch {

        public Sql {
            kinds = Set.copyOf(kinds);
            effects = Set.copyOf(effects);
            commandTags = Set.copyOf(commandTags);
            tables = Set.copyOf(tables);
            functions = Set.copyOf(functions);
        }

        /** True for a rule written to match statements that could not be classified. */
        public boolean explicitlyUnclassified() {
            return unclassified.orElse(false);
        }

        @Override
        public boolean matches(Operation operation) {
            return operation instanceof Operation.Sql sql && matches(sql.statement());
        }

        boolean matches(SqlStatement statement) {
            if (!kinds.isEmpty() && !kinds.contains(statement.kind())) {
                return false;
            }
            if (!effects.isEmpty() && !anyEffect(statement.effects())) {
                return false;
            }
            if (!commandTags.isEmpty() && !anyName(commandTags, statement.commandTag())) {
                return false;
            }
            if (!tables.isEmpty() && !anyQualified(tables, statement.tables())) {
                return false;
            }
            if (!functions.isEmpty() && !anyQualified(functions, statement.functions())) {
                return false;
            }
            if (whereLessWrite.isPresent() && whereLessWrite.get() != statement.whereLessWrite()) {
                return false;
            }
            if (readOnly.isPresent() && readOnly.get() != statement.readOnly()) {
                return false;
            }
            return unclassified.isEmpty() || unclassified.get() == isUnclassified(statement);
        }

        static boolean isUnclassified(SqlStatement statement) {
            return statement.kind() == StatementKind.UNCLASSIFIED || statement.effects().contains(SqlEffect.UNCLASSIFIED);
        }

        private boolean anyEffect(Set<SqlEffect> present) {
            for (SqlEffect effect : present) {
                if (effects.contains(effect)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean anyQualified(Set<String> patterns, Set<String> names) {
            for (String name : names) {
                for (String pattern : patterns) {
                    if (qualifiedMatch(pattern, name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean qualifiedMatch(String pattern, String name) {
            if (Globs.matches(pattern, name, true)) {
                return true;
            }
            int nameDot = name.lastIndexOf('.');
            int patternDot = pattern.lastIndexOf('.');
            if (patternDot < 0 && nameDot >= 0) {
                return Globs.matches(pattern, name, nameDot + 1, true);
            }
            if (patternDot >= 0 && nameDot < 0) {
                return Globs.matches(pattern.substring(patternDot + 1), name, true);
            }
            return false;
        }
    }

    /** The Postgres function-call ({@code F}) message. */
    record FunctionCall() implements OperationMatch {
        @Override
        public boolean matches(Operation operation) {
            return operation instanceof Operation.FunctionCall;
        }
    }

    /**
     * A command run over SSH.
     *
     * @param commands program names, matched against the command's last path element
     * @param argumentPatterns globs; at least one argument must match one of them
     */
    record Shell(Set<String> commands, List<String> argumentPatterns) implements OperationMatch {
        public Shell {
            commands = Set.copyOf(commands);
            argumentPatterns = List.copyOf(argumentPatterns);
        }

        @Override
        public boolean matches(Operation operation) {
            if (!(operation instanceof Operation.ShellCommand shell)) {
                return false;
            }
            if (!commands.isEmpty()) {
                String command = shell.command();
                int slash = command.lastIndexOf('/');
                boolean found = false;
                for (String pattern : commands) {
                    if (Globs.matches(pattern, command, slash + 1, false)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            if (argumentPatterns.isEmpty()) {
                return true;
            }
            for (String argument : shell.arguments()) {
                for (String pattern : argumentPatterns) {
                    if (Globs.matches(pattern, argument, false)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** An HTTP request; the Kubernetes criteria match only requests that have that attribute. */
    record Http(
            Set<String> methods,
            Set<String> paths,
            Set<String> verbs,
            Set<String> resources,
            Set<String> namespaces,
            Set<String> subresources) implements OperationMatch {

        public Http {
            methods = Set.copyOf(methods);
            paths = Set.copyOf(paths);
            verbs = Set.copyOf(verbs);
            resources = Set.copyOf(resources);
            namespaces = Set.copyOf(namespaces);
            subresources = Set.copyOf(subresources);
        }

        @Override
        public boolean matches(Operation operation) {
            return operation instanceof Operation.HttpRequest http
                    && criterion(methods, http.method(), true)
                    && criterion(paths, http.path(), false)
                    && criterion(verbs, http.verb(), true)
                    && criterion(resources, http.resource(), true)
                    && criterion(namespaces, http.namespace(), false)
                    && criterion(subresources, http.subresource(), true);
        }
    }

    private static boolean criterion(Set<String> patterns, String value, boolean ignoreCase) {
        if (patterns.isEmpty()) {
            return true;
        }
        return value != null && anyName(patterns, value, ignoreCase);
    }

    private static boolean anyName(Set<String> patterns, String value) {
        return anyName(patterns, value, true);
    }

    private static boolean anyName(Set<String> patterns, String value, boolean ignoreCase) {
        for (String pattern : patterns) {
            if (Globs.matches(pattern, value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }
}
