package dev.sluice.postgres.enforce;

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

    /**
     * The verdict on the SQL of a Query or Parse message: the first refused statement refuses it all, and
     * nothing of it runs.
     */
    public Verdict onSql(String sql) {
        SqlClassification classification = classifier.classify(sql);
        List<SqlStatement> statements = classification.statements();
        Decision decision = EMPTY_QUERY;
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = resolve(statements.get(i));
            decision = decide(new Operation.Sql(statement));
            if (!(decision instanceof Decision.Allow)) {
                return new Verdict(decision, statement, statements.size() > 1 ? i + 1 : 0);
            }
        }
        for (int i = 0; i < statements.size(); i++) {
            remember(statements.get(i));
        }
        if (classification.has(SqlEffect.DDL)) {
            onSchemaChange.run();
        }
        return new Verdict(decision, null, 0);
    }

    public Verdict onFunctionCall(int functionOid) {
        return new Verdict(decide(new Operation.FunctionCall(functionOid)), null, 0);
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
     * @param statement the statement refused, or null for a function call
     * @param position its 1-based place in a multi-statement Query, or 0 when it stood alone
     */
    public record Verdict(Decision decision, SqlStatement statement, int position) {
        public boolean allowed() {
            return decision instanceof Decision.Allow;
        }
    }
}
