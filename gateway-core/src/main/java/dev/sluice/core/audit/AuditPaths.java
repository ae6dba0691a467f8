package dev.sluice.core.audit;

import java.nio.file.Path;

/** Where audit data lives under the gateway's data directory. */
public record AuditPaths(Path dataDirectory) {
    public Path recordings() {
        return dataDirectory.resolve("recordings");
    }

    /** {@code recordings/{id}.jsonl}: one hash-chained session. */
    public Path recording(String sessionId) {
        return recordings().resolve(SessionIds.requireValid(sessionId) + ".jsonl");
    }

    public Path index() {
        return recordings().resolve("index.jsonl");
    }

    public Path audit() {
        return dataDirectory.resolve("audit");
    }

    public Path privateKey() {
        return audit().resolve("audit-key.private.pem");
    }

    /** The public half, for verifiers; copy it somewhere the gateway's host cannot write. */
    public Path publicKey() {
        return audit().resolve("audit-key.public.pem");
    }

    public Path deletions() {
        return audit().resolve("deletions.jsonl");
    }

    /** Access requests, answers and grant ends, chained and signed. */
    public Path accessLog() {
        return audit().resolve("access.jsonl");
    }
}
