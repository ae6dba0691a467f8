package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes recordings. It drains the queue in batches, writes each event as a chained line, and
 * syncs every file it touched once per interval (group commit), and at every seal.
 */
final class RecordingWriter implements Runnable {
    static final int MAX_BATCH = 512;
    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);

    sealed interface Command permits Open, Append, Close, Flush, Stop {
    }

    record Open(SessionRecording recording) implements Command {
    }

    /** @param droppedBefore the session's drop count when this was queued: a marker goes before it if that grew */
    record Append(SessionRecording recording, SessionEvent event, Instant at, long droppedBefore) implements Command {
    }

    record Close(SessionRecording recording, String reason, Instant at, long droppedBefore) implements Command {
    }

    record Flush(CompletableFuture<Void> done) implements Command {
    }

    record Stop() implements Command {
    }

    private final AuditPaths paths;
    private final AuditKey key;
    private final String keyFingerprint;
    private final SessionIndex index;
    private final BlockingQueue<Command> queue;
    private final AtomicInteger queuedEvents;
    private final long fsyncIntervalNanos;
    private final Clock clock;
    private final Counter recorded;
    private final Counter failed;
    private final Timer fsync;
    private final Set<SessionRecording> dirty = new LinkedHashSet<>();
    private boolean indexDirty;
    private long lastSync = System.nanoTime();

    RecordingWriter(AuditPaths paths, AuditKey key, SessionIndex index, BlockingQueue<Command> queue,
            AtomicInteger queuedEvents, Duration fsyncInterval, Clock clock, MeterRegistry registry) {
        this.paths = paths;
        this.key = key;
        this.keyFingerprint = AuditKey.fingerprint(key.publicKey());
        this.index = index;
        this.queue = queue;
        this.queuedEvents = queuedEvents;
        this.fsyncIntervalNanos = fsyncInterval.toNanos();
        this.clock = clock;
        this.recorded = AuditRecorder.eventCounter(registry, "recorded");
        this.failed = AuditRecorder.eventCounter(registry, "failed");
        this.fsync = Timer.builder("sluice.audit.fsync").description("Time to sync recordings to disk").register(registry);
    }

    @Override
    public void run() {
        List<Command> batch = new ArrayList<>(MAX_BATCH);
        boolean running = true;
        while (running) {
            try {
                Command first = queue.poll(pollTimeoutNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                List<CompletableFuture<Void>> flushed = new ArrayList<>();
                for (Command command : batch) {
                    if (command instanceof Append append) {
                        queuedEvents.decrementAndGet();
                        append(append);
                    } else if (command instanceof Open open) {
                        open(open.recording());
                    } else if (command instanceof Close close) {
                        close(close);
                    } else if (command instanceof Flush flush) {
                        flushed.add(flush.done());
                    } else {
                        running = false;
                    }
                }
                batch.clear();
                writePending();
                if (!flushed.isEmpty() || !running || System.nanoTime() - lastSync >= fsyncIntervalNanos) {
                    sync();
                }
                flushed.forEach(done -> done.complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                log.error("Audit writer hit an unexpected error; continuing", e);
            }
        }
    }

    private long pollTimeoutNanos() {
        if (dirty.isEmpty() && !indexDirty) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(1, fsyncIntervalNanos - (System.nanoTime() - lastSync));
    }

    private void open(SessionRecording recording) {
        try {
            recording.channel = FileChannel.open(paths.recording(recording.sessionId()), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            recording.lastHash = ChainedLines.genesis(recording.sessionId());
            SessionStart start = recording.start();
            JsonNode data = ChainedLines.MAPPER.valueToTree(start);
            write(recording, start.type(), data, start.startedAt(), null);
            index.append(IndexEntries.start(recording.sessionId(), data));
            indexDirty = true;
        } catch (IOException | RuntimeException e) {
            fail(recording, "cannot start the recording", e);
        }
    }

    private void append(Append append) {
        SessionRecording recording = append.recording();
        if (recording.channel == null) {
            failed.increment();
            return;
        }
        try {
            writeDroppedMarker(recording, append.droppedBefore(), append.at());
            writeEvent(recording, append.event(), append.at());
        } catch (IOException | RuntimeException e) {
            fail(recording, "cannot write an event", e);
        }
    }

    private void close(Close close) {
        SessionRecording recording = close.recording();
        if (recording.channel == null) {
            recording.sealed(new IOException("the recording of " + recording.sessionId() + " failed before its seal"));
            return;
        }
        try {
            writeDroppedMarker(recording, close.droppedBefore(), close.at());
            write(recording, "session_end", ChainedLines.MAPPER.valueToTree(new SessionEnd(close.reason())), close.at(), null);
            ObjectNode seal = ChainedLines.MAPPER.createObjectNode().put("events", recording.nextSeq)
                    .put("dropped", recording.droppedWritten).put("key", keyFingerprint);
            long sealSeq = recording.nextSeq;
            write(recording, "seal", seal, close.at(), key);
            flushPending(recording);
            long started = System.nanoTime();
            recording.channel.force(false);
            fsync.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            recording.channel.close();
            recording.channel = null;
            dirty.remove(recording);
            index.append(IndexEntries.end(recording.sessionId(), close.at(), close.reason(), sealSeq,
                    recording.droppedWritten, recording.lastHash));
            index.force();
            recording.sealed(null);
        } catch (IOException | RuntimeException e) {
            fail(recording, "cannot seal the recording", e);
            recording.sealed(e);
        }
    }

    /** Puts the drops since the last marker on record where they happened, so a reader sees where the gap is. */
    private void writeDroppedMarker(SessionRecording recording, long dropped, Instant at) throws IOException {
        if (dropped > recording.droppedWritten) {
            ObjectNode data = ChainedLines.MAPPER.createObjectNode().put("count", dropped - recording.droppedWritten)
                    .put("total", dropped);
            recording.droppedWritten = dropped;
            write(recording, "events_dropped", data, at, null);
        }
    }

    /** Hands each recording's lines of this batch to its file in one write. */
    private void writePending() {
        for (SessionRecording recording : List.copyOf(dirty)) {
            try {
                flushPending(recording);
            } catch (IOException e) {
                fail(recording, "cannot write events", e);
            }
        }
    }

    private static void flushPending(SessionRecording recording) throws IOException {
        if (recording.pending.size() == 0 || recording.channel == null) {
            return;
        }
        ByteBuffer lines = ByteBuffer.wrap(recording.pending.toByteArray());
        recording.pending.reset();
        while (lines.hasRemaining()) {
            recording.channel.write(lines);
        }
    }

    /**
     * The common case, kept cheap because it runs for every statement of every session: the event is written as
     * JSON text straight into the chained line. Text that may hold a token takes the tree path, which redacts
     * string by string.
     */
    private void writeEvent(SessionRecording recording, SessionEvent event, Instant at) throws IOException {
        String data = ChainedLines.MAPPER.writeValueAsString(event);
        if (Redaction.mayHoldToken(data)) {
            write(recording, event.type(), ChainedLines.MAPPER.valueToTree(event), at, null);
            return;
        }
        StringBuilder body = new StringBuilder(data.length() + 160)
                .append("{\"seq\":").append(recording.nextSeq)
                .append(",\"type\":\"").append(event.type())
                .append("\",\"at\":\"").append(at == null ? clock.instant() : at)
                .append("\",\"prev\":\"").append(recording.lastHash)
                .append("\",\"data\":").append(data).append('}');
        byte[] canonical = body.toString().getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(digest.digest(canonical));
        recording.pending.write(ChainedLines.line(canonical, hash, null));
        recording.nextSeq++;
        recording.lastHash = hash;
        dirty.add(recording);
        recorded.increment();
    }

    /** Reused by the one writer thread. */
    private final MessageDigest digest = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @param data a tree built for this write: it is redacted in place */
    private void write(SessionRecording recording, String type, JsonNode data, Instant at, AuditKey signer) throws IOException {
        JsonNode redacted = data;
        Redaction.redactTree(redacted);
        ObjectNode body = ChainedLines.MAPPER.createObjectNode().put("seq", recording.nextSeq).put("type", type)
                .put("at", (at == null ? clock.instant() : at).toString()).put("prev", recording.lastHash);
        body.set("data", redacted);
        byte[] canonical = ChainedLines.canonical(body);
        String hash = ChainedLines.sha256Hex(canonical);
        recording.pending.write(ChainedLines.line(canonical, hash, signer == null ? null : signer.sign(hash)));
        recording.nextSeq++;
        recording.lastHash = hash;
        dirty.add(recording);
        recorded.increment();
    }

    private void sync() {
        long started = System.nanoTime();
        for (SessionRecording recording : List.copyOf(dirty)) {
            try {
                recording.channel.force(false);
            } catch (IOException e) {
                fail(recording, "cannot sync the recording", e);
            }
        }
        dirty.clear();
        if (indexDirty) {
            try {
                index.force();
            } catch (IOException e) {
                log.error("Cannot sync the session index {}; it is rebuilt from the recordings on restart", paths.index(), e);
            }
            indexDirty = false;
        }
        fsync.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        lastSync = System.nanoTime();
    }

    private void fail(SessionRecording recording, String what, Exception e) {
        log.error("Audit: {} of session {}; the session is flagged", what, recording.sessionId(), e);
        recording.markFailed();
        failed.increment();
        if (recording.channel != null) {
            try {
                recording.channel.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one logged.
            }
            recording.channel = null;
        }
        dirty.remove(recording);
    }
}
