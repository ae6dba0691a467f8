package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only log of the gateway's own audit entries (deletions, access decisions): hash-chained like a recording,
 * and every line signed with the audit key, so no entry can be changed, removed or added without the key.
 * Lines: {@code {"seq":n,"type":..,"at":..,"prev":..,"data":{..},"hash":..,"sig":..}}.
 */
final class SignedLog {
    private SignedLog() {
    }

    /** Appends and syncs one signed line after the last one in {@code file}. */
    static void append(Path file, String chainName, AuditKey key, String type, Instant at, ObjectNode data) throws IOException {
        OwnerOnlyFiles.createDirectory(file.getParent());
        long seq = 0;
        String prev = ChainedLines.genesis(chainName);
        if (Files.exists(file)) {
            List<byte[]> lines = new ArrayList<>();
            RecordingReader.splitLines(Files.readAllBytes(file), lines);
            if (!lines.isEmpty()) {
                ChainedLines.Parsed last = ChainedLines.parse(lines.get(lines.size() - 1));
                seq = last.seq() + 1;
                prev = last.hash();
            }
        }
        ObjectNode body = ChainedLines.MAPPER.createObjectNode().put("seq", seq).put("type", type)
                .put("at", at.toString()).put("prev", prev);
        body.set("data", data);
        byte[] canonical = ChainedLines.canonical(body);
        String hash = ChainedLines.sha256Hex(canonical);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(ChainedLines.line(canonical, hash, key.sign(hash)));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /**
     * Checks the chain and signatures of {@code file}.
     *
     * @param entry what a line is called in messages, e.g. {@code deletion entry}
     * @return null when intact (or absent), else what is wrong and where
     */
    static String verify(Path file, String chainName, String entry, PublicKey key) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<byte[]> lines = new ArrayList<>();
        if (RecordingReader.splitLines(Files.readAllBytes(file), lines)) {
            return "torn last line after seq " + (lines.size() - 1);
        }
        String prev = ChainedLines.genesis(chainName);
        for (int i = 0; i < lines.size(); i++) {
            ChainedLines.Parsed parsed;
            try {
                parsed = ChainedLines.parse(lines.get(i));
            } catch (IllegalArgumentException e) {
                return "line " + (i + 1) + " is not a " + entry + " (" + e.getMessage() + ")";
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
