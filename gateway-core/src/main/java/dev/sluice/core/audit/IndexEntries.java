package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The index's entry lines: what each holds and how they fold into {@link SessionSummary}s. */
final class IndexEntries {
    private IndexEntries() {
    }

    /** {@code {"entry":"start","session":..,"subject":..,...}}, copied from the session_start event's data. */
    static ObjectNode start(String sessionId, JsonNode startData) {
        ObjectNode entry = ChainedLines.MAPPER.createObjectNode().put("entry", "start").put("session", sessionId);
        for (String field : List.of("subject", "groups", "issuer", "connection", "protocol", "client_address",
                "client_application", "started_at")) {
            entry.set(field, startData.path(field).isMissingNode() ? null : startData.get(field).deepCopy());
        }
        return entry;
    }

    static ObjectNode end(String sessionId, Instant at, String reason, long sealSeq, long dropped, String sealHash) {
        return ChainedLines.MAPPER.createObjectNode().put("entry", "end").put("session", sessionId)
                .put("at", String.valueOf(at)).put("reason", reason).put("last_seq", sealSeq)
                .put("dropped", dropped).put("seal_hash", sealHash);
    }

    static ObjectNode cutOff(String sessionId, Instant detectedAt, long lastSeq) {
        return ChainedLines.MAPPER.createObjectNode().put("entry", "cut_off").put("session", sessionId)
                .put("at", detectedAt.toString()).put("last_seq", lastSeq);
    }

    static ObjectNode deleted(String sessionId, Instant at) {
        return ChainedLines.MAPPER.createObjectNode().put("entry", "deleted").put("session", sessionId)
                .put("at", at.toString());
    }

    static void apply(JsonNode entry, Map<String, SessionSummary> sessions) {
        String id = entry.path("session").asText();
        String kind = entry.path("entry").asText();
        if (kind.equals("start")) {
            List<String> groups = new ArrayList<>();
            entry.path("groups").forEach(group -> groups.add(group.asText()));
            sessions.put(id, new SessionSummary(id, entry.path("subject").asText(), groups,
                    entry.path("connection").asText(), entry.path("protocol").asText(),
                    entry.path("client_address").asText(null), entry.path("client_application").asText(null),
                    Instant.parse(entry.path("started_at").asText()), null, SessionStatus.OPEN, null, -1, 0, null));
            return;
        }
        SessionSummary session = sessions.get(id);
        if (session == null) {
            throw new IllegalArgumentException("entry for a session the index never started: " + id);
        }
        Instant at = SessionIndex.parseInstant(entry.get("at"));
        switch (kind) {
            case "end" -> sessions.put(id, session.withEnd(SessionStatus.CLOSED, at, entry.path("reason").asText(null),
                    entry.path("last_seq").asLong(-1), entry.path("dropped").asLong(0), entry.path("seal_hash").asText(null)));
            case "cut_off" -> sessions.put(id, session.withEnd(SessionStatus.CUT_OFF, at, "cut off",
                    entry.path("last_seq").asLong(-1), session.droppedEvents(), null));
            case "deleted" -> sessions.put(id, session.withEnd(SessionStatus.DELETED, at, "deleted by retention",
                    session.lastSeq(), session.droppedEvents(), session.sealHash()));
            default -> throw new IllegalArgumentException("unknown index entry " + kind);
        }
    }
}
