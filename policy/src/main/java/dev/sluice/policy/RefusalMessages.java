package dev.sluice.policy;

import dev.sluice.policy.sql.SqlEffect;
import dev.sluice.policy.sql.SqlStatement;

/** The words of the built-in refusals: what was refused and why, naming nothing about the backend. */
final class RefusalMessages {
    private RefusalMessages() {}

    /** The decision names the rule that made the session read-only; the message says what the statement would do. */
    static String readOnly(SqlStatement statement) {
        return "the session is read-only: statement " + statement.commandTag() + " " + whatItDoes(statement);
    }

    static String unclassified(SqlStatement statement) {
        return "the statement could not be classified (" + statement.unclassifiedReason().orElse("unknown reason")
                + ") and no rule allows unclassified statements";
    }

    static String functionCall(int oid) {
        return "function call by OID " + oid + " (protocol message F) refused: no rule allows function_call";
    }

    static String notAdmitted(String reason) {
        return "the session is no longer allowed: " + reason;
    }

    /** The most serious thing the statement could do that a read-only session may not. */
    static String whatItDoes(SqlStatement statement) {
        for (SqlEffect effect : SqlEffect.values()) {
            if (statement.effects().contains(effect) && !SqlEffect.HARMLESS.contains(effect)) {
                return describe(effect);
            }
        }
        return "could write";
    }

    private static String describe(SqlEffect effect) {
        return switch (effect) {
            case WRITE -> "writes data";
            case DDL -> "changes the schema";
            case PRIVILEGE -> "changes privileges";
            case READ_ONLY_SWITCH_OFF -> "could leave read-only mode or change identity";
            case FILE_OR_PROGRAM_ACCESS -> "accesses server files or programs";
            case DANGEROUS_FUNCTION -> "calls a function that acts outside the statement";
            case OPAQUE -> "runs code that cannot be inspected";
            case UNCLASSIFIED -> "could not be classified";
            case READ, TRANSACTION_CONTROL, SESSION_CHANGE -> "could write";
        };
    }
}
