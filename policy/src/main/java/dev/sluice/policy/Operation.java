package dev.sluice.policy;

import dev.sluice.policy.sql.SqlStatement;
import java.util.List;

/** One thing a client asks a backend to do, described in terms the policy can match on. */
public sealed interface Operation {
    /** One SQL statement, as classified. */
    record Sql(SqlStatement statement) implements Operation {}

    /** A PostgreSQL function call by OID (the protocol's {@code F} message), which carries no SQL text. */
    record FunctionCall(int functionOid) implements Operation {}

    /** A command run over SSH: the program and its arguments. */
    record ShellCommand(String command, List<String> arguments) implements Operation {
        public ShellCommand {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * An HTTP request; for the Kubernetes API also its verb, resource, namespace and subresource (else null).
     */
    record HttpRequest(String method, String path, String verb, String resource, String namespace, String subresource)
            implements Operation {}
}
