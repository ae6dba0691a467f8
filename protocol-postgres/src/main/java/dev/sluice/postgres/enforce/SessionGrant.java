package dev.sluice.postgres.enforce;

import dev.sluice.core.access.Grant;
import dev.sluice.core.access.Scope;
import dev.sluice.policy.Decision;
import dev.sluice.policy.GrantTerms;
import dev.sluice.policy.sql.SqlStatement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The grant a session started under. With uses counted in sessions, every statement must lie in the grant's scope;
 * with uses counted in operations, every statement waits for one use of a covering grant.
 */
public final class SessionGrant {
    private final Grant grant;
    private final Decision.RequireGrant perOperation;

    /**
     * @param rule the {@code require_grant} rule that admitted the session
     * @param terms that rule's terms
     */
    public SessionGrant(Grant grant, String rule, GrantTerms terms) {
        this.grant = grant;
        this.perOperation = terms.perOperation() ? new Decision.RequireGrant(rule, terms) : null;
    }

    public Grant grant() {
        return grant;
    }

    /**
     * What the policy allowed, now checked against the grant. Statements that touch no data (transaction control,
     * session settings that keep read-only mode, DEALLOCATE) are free: drivers send them on their own, and they
     * must not spend a use meant for the work.
     */
    Decision check(SqlStatement statement, Decision allowed) {
        if (free(statement)) {
            return allowed;
        }
        if (perOperation != null) {
            return perOperation;
        }
        if (!grant.scope().covers(new Scope(Set.of(kindOf(statement)), statement.text()))) {
            return new Decision.Block(allowed.rule(), statement.commandTag() + " is outside the scope of " + grant.id()
                    + " (" + String.join(", ", grant.scope().operations())
                    + (grant.scope().statement() == null ? "" : ", one statement") + "); request access for it");
        }
        return allowed;
    }

    private static boolean free(SqlStatement statement) {
        return statement.readOnly() && switch (statement.kind()) {
            case TRANSACTION, SESSION, DEALLOCATE -> true;
            default -> false;
        };
    }

    /** A function call under the grant: opaque, so only a {@code write} scope covers it. */
    Decision checkFunctionCall(int oid, Decision allowed) {
        if (perOperation != null) {
            return perOperation;
        }
        return grant.scope().covers(Scope.of(Scope.WRITE)) ? allowed : new Decision.Block(allowed.rule(),
                "a function call (oid " + oid + ") is outside the scope of " + grant.id() + "; only a write grant covers it");
    }

    /**
     * What a grant must allow to run all of {@code statements}: their kinds, and the text when there is one
     * statement (so that a grant for one exact statement covers it).
     */
    static Scope wanted(List<SqlStatement> statements, String sql) {
        Set<String> kinds = new LinkedHashSet<>();
        statements.forEach(s -> kinds.add(kindOf(s)));
        if (kinds.isEmpty()) {
            kinds.add(Scope.READ);
        }
        return new Scope(kinds, statements.size() == 1 ? statements.get(0).text() : null);
    }

    /**
     * The scope kind of a statement: its kind in lower case, except that a statement whose kind reads but which
     * may write (a SELECT calling a function that writes) counts as {@code write}, and any other statement that
     * only reads counts as {@code read}.
     */
    static String kindOf(SqlStatement statement) {
        String kind = statement.kind().name().toLowerCase(Locale.ROOT);
        if (Scope.READ_KINDS.contains(kind)) {
            return statement.readOnly() ? kind : Scope.WRITE;
        }
        return statement.readOnly() ? Scope.READ : kind;
    }
}
