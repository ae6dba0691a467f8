package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code audit/deletions.jsonl}: every recording retention removed, hash-chained like a recording and each line
 * signed with the audit key, so a recording cannot be deleted and passed off as expired without the key.
 * Lines: {@code {"seq":n,"type":"deletion","at":..,"prev":..,"data":{"session":..,"subject":..,"connection":..,
 * "protocol":..,"started_at":..,"last_seq":..,"last_hash":..,"reason":..}, "hash":..,"sig":..}}.
 */
public final class DeletionLog {
    static final String CHAIN_NAME = "deletions";

    private DeletionLog() {
    }

    /** One deleted recording: enough to list it and to know what its chain ended with. */
    public record Deletion(String sessionId, String subject, String connection, String protocol, Instant startedAt,
            long lastSeq, String lastHash, Instant deletedAt, String reason) {
        ObjectNode startData() {
            return ChainedLines.MAPPER.createObjectNode().put("subject", subject).put("connection", connection)
                    .put("protocol", protocol).put("started_at", startedAt.toString());
        }
    }

    /** The deletions recorded, in order, up to the first damaged line. */
    public static List<Deletion> read(AuditPaths paths) throws IOException {
        List<Deletion> deletions = new ArrayList<>();
        if (!Files.exists(paths.deletions())) {
            return deletions;
        }
        List<byte[]> lines = new ArrayList<>();
        RecordingReader.splitLines(Files.readAllBytes(paths.deletions()), lines);
        for (byte[] line : lines) {
            try {
                ChainedLines.Parsed parsed = ChainedLines.parse(line);
                JsonNode data = parsed.body().path("data");
                deletions.add(new Deletion(data.path("session").asText(), data.path("subject").asText(),
                        data.path("connection").asText(), data.path("protocol").asText(),
                        Instant.parse(data.path("started_at").asText()), data.path("last_seq").asLong(-1),
                        data.path("last_hash").asText(null), Instant.parse(parsed.body().path("at").asText()),
                        data.path("reason").asText()));
            } catch (RuntimeException e) {
                break;
            }
        }
        return deletions;
    }

    /** Appends and syncs one signed deletion line, before the recording is removed. */
    static synchronized void append(AuditPaths paths, AuditKey key, Deletion deletion) throws IOException {
        ObjectNode data = ChainedLines.MAPPER.createObjectNode().put("session", deletion.sessionId())
                .put("subject", deletion.subject()).put("connection", deletion.connection())
                .put("protocol", deletion.protocol()).put("started_at", deletion.startedAt().toString())
                .put("last_seq", deletion.lastSeq()).put("last_hash", deletion.lastHash()).put("reason", deletion.reason());
        SignedLog.append(paths.deletions(), CHAIN_NAME, key, "deletion", deletion.deletedAt(), data);
    }

    /**
     * Checks the log's chain and signatures.
     *
     * @return null when intact, else what is wrong and where
     */
    public static String verify(AuditPaths paths, PublicKey key) throws IOException {
        return SignedLog.verify(paths.deletions(), CHAIN_NAME, "deletion entry", key);
    }
}
