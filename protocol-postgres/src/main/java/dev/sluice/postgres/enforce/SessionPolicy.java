package dev.sluice.postgres.enforce;

import dev.sluice.core.access.Scope;
import dev.sluice.core.identity.Identity;
import dev.sluice.policy.Decision;
import dev.sluice.policy.Operation;
import dev.sluice.policy.OperationPolicy;
import dev.sluice.policy.OperationRequest;
import dev.sluice.policy.sql.SqlClassification;
import dev.sluice.policy.sql.SqlClassifier;
import dev.sluice.policy.sql.SqlEffect;
import dev.sluice.policy.sql.SqlStatement;
import dev.sluice.policy.sql.StatementKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy as one session sees it: classifies SQL, remembers what the session prepared so that EXECUTE is
 * judged by what it runs, and asks the operation policy about each statement. Confined to the session's event
 * loop.
 */
public final class SessionPolicy {
    /** Prepared statements remembered per session; beyond this, EXECUTE of a forgotten name stays opaque. */
    static final int MAX_PREPARED = 10_000;

    private final OperationPolicy policy;
    private final SqlClassifier classifier;
    private final Identity identity;
    private final String connection;
    private final Map<String, SqlStatement> prepared = new HashMap<>();
    private final Runnable onSchemaChange;
    /** The grant the session started under, or null. */
    private SessionGrant grant;
    /** An empty query runs nothing; PostgreSQL answers it with EmptyQueryResponse. */
    private static final Decision EMPTY_QUERY = new Decision.Allow("empty-query");

    /**
     * @param onSchemaChange runs when an allowed statement changes the schema (cached table names go stale)
     */
    public SessionPolicy(OperationPolicy policy, SqlClassifier classifier, Identity identity, String connection,
                         Runnable onSchemaChange) {
        this.onSchemaChange = onSchemaChange;
        this.policy = policy;
        this.classifier = classifier;
        this.identity = identity;
        this.connection = connection;
    }

    /** The session runs under {@code grant}: statements outside its scope are refused, and uses may be per statement. */
    public void startedUnder(SessionGrant grant) {
        this.grant = grant;
    }

    /**
     * The verdict on the SQL of a Query or Parse message: the first refused statement refuses it all, and
     * nothing of it runs. A statement held for approval or needing a grant makes the whole message wait, unless
     * another statement of it is refused outright.
     */
    public Verdict onSql(String sql) {
        SqlClassification classification = classifier.classify(sql);
        List<SqlStatement> statements = classification.statements();
        Decision decision = EMPTY_QUERY;
        Verdict waiting = null;
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = resolve(statements.get(i));
            decision = decide(new Operation.Sql(statement));
            if (decision instanceof Decision.Allow && grant != null) {
                decision = grant.check(statement, decision);
            }
            int position = statements.size() > 1 ? i + 1 : 0;
            if (decision instanceof Decision.Block) {
                return new Verdict(decision, statement, position);
            }
            if (!(decision instanceof Decision.Allow) && waiting == null) {
                waiting = new Verdict(decision, statement, position, SessionGrant.wanted(statements, sql));
            }
        }
        for (int i = 0; i < statements.size(); i++) {
            remember(statements.get(i));
        }
        if (classification.has(SqlEffect.DDL)) {
            onSchemaChange.run();
        }
        return waiting != null ? waiting : new Verdict(decision, null, 0);
    }

    public Verdict onFunctionCall(int functionOid) {
        Decision decision = decide(new Operation.FunctionCall(functionOid));
        if (decision instanceof Decision.Allow && grant != null) {
            decision = grant.checkFunctionCall(functionOid, decision);
        }
        return new Verdict(decision, null, 0, new Scope(Set.of(Scope.WRITE), "function call " + functionOid));
    }

    private Decision decide(Operation operation) {
        return policy.decide(new OperationRequest(identity.subject(), identity.groups(), connection, "postgres", operation));
    }

    private SqlStatement resolve(SqlStatement statement) {
        if (statement.kind() == StatementKind.EXECUTE) {
            Optional<SqlStatement> target = statement.name().map(prepared::get);
            if (target.isPresent()) {
                return statement.resolvedWith(target.get());
            }
        }
        return statement;
    }

    private void remember(SqlStatement statement) {
        if (statement.kind() == StatementKind.PREPARE && statement.name().isPresent() && prepared.size() < MAX_PREPARED) {
            prepared.put(statement.name().get(), statement);
        } else if (statement.kind() == StatementKind.DEALLOCATE) {
            statement.name().ifPresentOrElse(prepared::remove, prepared::clear);
        }
    }

    /**
     * @param statement the statement refused or waiting, or null for a function call
     * @param position its 1-based place in a multi-statement Query, or 0 when it stood alone
     * @param wanted for a verdict that waits ({@link Decision.Hold}, {@link Decision.RequireGrant}): what a grant
     *               must allow for the whole message to run; else null
     */
    public record Verdict(Decision decision, SqlStatement statement, int position, Scope wanted) {
        public Verdict(Decision decision, SqlStatement statement, int position) {
            this(decision, statement, position, null);
        }

        public boolean allowed() {
            return decision instanceof Decision.Allow;
        }

        /** The message waits for an approval or a grant before it is forwarded or refused. */
        public boolean waits() {
            return decision instanceof Decision.Hold || decision instanceof Decision.RequireGrant;
        }
    }
}
