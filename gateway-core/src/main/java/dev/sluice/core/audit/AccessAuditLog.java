package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.access.AccessListener;
import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.Answer;
import dev.sluice.core.access.Grant;
import dev.sluice.core.access.GrantStatus;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit/access.jsonl}: every access request, every answer (who, as which groups, approve or deny, comment)
 * and every grant end, chained and signed with the audit key like the deletion log, so auditors can tell who
 * approved what long after the access state has forgotten it. Entries are written in order by a thread of its own:
 * the threads that change access state never wait for the disk. Types: {@code request} (a new request),
 * {@code answer} (an answer, approval, denial, expiry or cancellation; the request as it then was) and
 * {@code grant_ended}.
 */
public final class AccessAuditLog implements AccessListener, AutoCloseable {
    static final String CHAIN_NAME = "access";
    private static final Logger log = LoggerFactory.getLogger(AccessAuditLog.class);

    private final AuditPaths paths;
    private final AuditKey key;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sluice-access-audit");
        thread.setDaemon(true);
        return thread;
    });

    /** Writes with the recorder's audit key into its audit directory. */
    public AccessAuditLog(AuditRecorder recorder, Clock clock) {
        this.paths = recorder.paths();
        this.key = recorder.key();
        this.clock = clock;
    }

    @Override
    public void onRequest(AccessRequest request) {
        write("request", request(request));
    }

    @Override
    public void onAnswer(AccessRequest request) {
        write("answer", request(request));
    }

    @Override
    public void onGrantEnded(Grant grant, GrantStatus reason) {
        ObjectNode data = ChainedLines.MAPPER.createObjectNode().put("grant", grant.id()).put("request", grant.requestId())
                .put("subject", grant.subject()).put("connection", grant.connection()).put("status", reason.name())
                .put("ended_by", grant.endedBy()).put("reason", grant.endReason());
        data.put("uses_left", grant.usesLeft());
        write("grant_ended", data);
    }

    private static ObjectNode request(AccessRequest request) {
        ObjectNode data = ChainedLines.MAPPER.createObjectNode().put("request", request.id())
                .put("requester", request.requester()).put("connection", request.connection())
                .put("statement", request.scope().statement()).put("ttl", request.ttl().toString())
                .put("reason", request.reason()).put("quorum", request.quorum().toString())
                .put("status", request.status().name()).put("grant", request.grantId());
        data.putPOJO("max_uses", request.maxUses());
        ArrayNode operations = data.putArray("operations");
        request.scope().operations().forEach(operations::add);
        ArrayNode approvers = data.putArray("approvers");
        request.approvers().forEach(approvers::add);
        ArrayNode answers = data.putArray("answers");
        for (Answer answer : request.answers()) {
            ObjectNode entry = answers.addObject().put("approver", answer.approver()).put("decision", answer.decision().name())
                    .put("comment", answer.comment()).put("at", answer.at().toString());
            ArrayNode groups = entry.putArray("groups");
            answer.groups().forEach(groups::add);
        }
        return data;
    }

    private void write(String type, ObjectNode data) {
        java.time.Instant at = clock.instant();
        writer.execute(() -> {
            try {
                SignedLog.append(paths.accessLog(), CHAIN_NAME, key, type, at, data);
            } catch (IOException | RuntimeException e) {
                log.error("the access audit log could not be written; entry {} at {} is lost", type, at, e);
            }
        });
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks the log's chain and signatures.
     *
     * @return null when intact (or absent), else what is wrong and where
     */
    public static String verify(AuditPaths paths, PublicKey key) throws IOException {
        return SignedLog.verify(paths.accessLog(), CHAIN_NAME, "access entry", key);
    }
}
