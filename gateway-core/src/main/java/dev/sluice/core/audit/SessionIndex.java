package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code recordings/index.jsonl}: an append-only list of session start, end, cut-off and deletion entries, so
 * listing does not open every recording. It is a convenience, not evidence: the recordings and the deletion log
 * are; a damaged index is rebuilt from them. Appends are serialised by this object; the recorder owns the one
 * instance that writes.
 */
public final class SessionIndex implements AutoCloseable {
    private final AuditPaths paths;
    private FileChannel channel;

    public SessionIndex(AuditPaths paths) {
        this.paths = paths;
    }

    /** Reads the index of {@code paths} without writing anything (for commands and the admin API). */
    public static Map<String, SessionSummary> read(AuditPaths paths) throws IOException {
        Map<String, SessionSummary> sessions = new LinkedHashMap<>();
        if (Files.exists(paths.index())) {
            fold(Files.readAllBytes(paths.index()), sessions);
        }
        return sessions;
    }

    public static List<SessionSummary> list(AuditPaths paths, SessionFilter filter) throws IOException {
        return read(paths).values().stream().filter(filter::matches).toList();
    }

    public static Optional<SessionSummary> find(AuditPaths paths, String sessionId) throws IOException {
        return Optional.ofNullable(read(paths).get(sessionId));
    }

    /**
     * Checks the index against the recordings directory; rebuilds it when a line other than a torn last one is
     * damaged or a recording is missing from it. Returns the sessions it now lists.
     */
    synchronized Map<String, SessionSummary> recover() throws IOException {
        Map<String, SessionSummary> sessions = new LinkedHashMap<>();
        boolean intact = !Files.exists(paths.index()) || fold(Files.readAllBytes(paths.index()), sessions);
        if (!intact || !sessions.keySet().containsAll(recordingIds())) {
            rebuild();
            sessions.clear();
            fold(Files.readAllBytes(paths.index()), sessions);
        }
        return sessions;
    }

    /** Rewrites the index from the recordings and the deletion log, atomically. */
    public synchronized void rebuild() throws IOException {
        closeChannel();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String id : recordingIds()) {
            RecordingReader.Contents contents = RecordingReader.read(paths.recording(id));
            if (contents.events().isEmpty() || !contents.events().get(0).type().equals("session_start")) {
                continue;
            }
            RecordedEvent first = contents.events().get(0);
            out.write(line(IndexEntries.start(id, first.data())));
            RecordedEvent last = contents.events().get(contents.events().size() - 1);
            if (contents.sealed()) {
                out.write(line(IndexEntries.end(id, last.at(), sealReason(contents), last.seq(),
                        last.data().path("dropped").asLong(0), last.hash())));
            }
        }
        for (DeletionLog.Deletion deletion : DeletionLog.read(paths)) {
            out.write(line(IndexEntries.start(deletion.sessionId(), deletion.startData())));
            out.write(line(IndexEntries.deleted(deletion.sessionId(), deletion.deletedAt())));
        }
        OwnerOnlyFiles.writeNew(paths.index(), out.toByteArray());
    }

    /** Appends entries; durable only after {@link #force()}. */
    synchronized void append(ObjectNode... entries) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(paths.index(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        for (ObjectNode entry : entries) {
            ByteBuffer buffer = ByteBuffer.wrap(line(entry));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    synchronized void force() throws IOException {
        if (channel != null) {
            channel.force(false);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeChannel();
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private List<String> recordingIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(paths.recordings())) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.recordings(), "*.jsonl")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".jsonl".length());
                if (!file.equals(paths.index()) && SessionIds.isValid(id)) {
                    ids.add(id);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    private static String sealReason(RecordingReader.Contents contents) {
        for (int i = contents.events().size() - 1; i >= 0; i--) {
            if (contents.events().get(i).type().equals("session_end")) {
                return contents.events().get(i).data().path("reason").asText(null);
            }
        }
        return null;
    }

    /** Folds entries into summaries; false when a line other than a torn last one does not parse. */
    private static boolean fold(byte[] content, Map<String, SessionSummary> sessions) {
        List<byte[]> lines = new ArrayList<>();
        RecordingReader.splitLines(content, lines);
        boolean intact = true;
        for (byte[] line : lines) {
            JsonNode entry;
            try {
                entry = ChainedLines.MAPPER.readTree(line);
                IndexEntries.apply(entry, sessions);
            } catch (IOException | RuntimeException e) {
                intact = false;
            }
        }
        return intact;
    }

    private static byte[] line(ObjectNode entry) {
        return (entry.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Instant parseInstant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }
}
