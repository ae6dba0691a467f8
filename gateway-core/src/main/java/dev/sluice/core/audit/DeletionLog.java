package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
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
        OwnerOnlyFiles.createDirectory(paths.audit());
        long seq = 0;
        String prev = ChainedLines.genesis(CHAIN_NAME);
        if (Files.exists(paths.deletions())) {
            List<byte[]> lines = new ArrayList<>();
            RecordingReader.splitLines(Files.readAllBytes(paths.deletions()), lines);
            if (!lines.isEmpty()) {
                ChainedLines.Parsed last = ChainedLines.parse(lines.get(lines.size() - 1));
                seq = last.seq() + 1;
                prev = last.hash();
            }
        }
        ObjectNode data = ChainedLines.MAPPER.createObjectNode().put("session", deletion.sessionId())
                .put("subject", deletion.subject()).put("connection", deletion.connection())
                .put("protocol", deletion.protocol()).put("started_at", deletion.startedAt().toString())
                .put("last_seq", deletion.lastSeq()).put("last_hash", deletion.lastHash()).put("reason", deletion.reason());
        ObjectNode body = ChainedLines.MAPPER.createObjectNode().put("seq", seq).put("type", "deletion")
                .put("at", deletion.deletedAt().toString()).put("prev", prev);
        body.set("data", data);
        byte[] canonical = ChainedLines.canonical(body);
        String hash = ChainedLines.sha256Hex(canonical);
        try (FileChannel channel = FileChannel.open(paths.deletions(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(ChainedLines.line(canonical, hash, key.sign(hash)));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /**
     * Checks the log's chain and signatures.
     *
     * @return null when intact, else what is wrong and where
     */
    public static String verify(AuditPaths paths, PublicKey key) throws IOException {
        if (!Files.exists(paths.deletions())) {
            return null;
        }
        List<byte[]> lines = new ArrayList<>();
        if (RecordingReader.splitLines(Files.readAllBytes(paths.deletions()), lines)) {
            return "torn last line after seq " + (lines.size() - 1);
        }
        String prev = ChainedLines.genesis(CHAIN_NAME);
        for (int i = 0; i < lines.size(); i++) {
            ChainedLines.Parsed parsed;
            try {
                parsed = ChainedLines.parse(lines.get(i));
            } catch (IllegalArgumentException e) {
                return "line " + (i + 1) + " is not a deletion entry (" + e.getMessage() + ")";
            }
            if (!parsed.hashMatches()) {
                return "seq " + parsed.seq() + " (line " + (i + 1) + ") does not match its hash";
            }
            if (parsed.seq() != i || !parsed.prev().equals(prev)) {
                return "line " + (i + 1) + " breaks the chain (seq " + parsed.seq() + ", expected " + i + ")";
            }
            if (parsed.signature() == null || !AuditKey.verify(key, parsed.hash(), parsed.signature())) {
                return "seq " + parsed.seq() + " (line " + (i + 1) + ") has no valid signature";
            }
            prev = parsed.hash();
        }
        return null;
    }
}
