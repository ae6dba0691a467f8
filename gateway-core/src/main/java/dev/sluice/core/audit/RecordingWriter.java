package dev.sluice.core.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes recordings. It drains the queue in batches, writes each event as a chained line, and
 * syncs every file it touched once per interval (group commit), and at every seal.
 */
final class RecordingWriter implements Runnable {
    static final int MAX_BATCH = 4096;
    /**
     * How long the writer pauses after a busy batch before taking the next. Waking the writer for every event
     * costs a system call on the appending event loop and a write per event; pausing makes batches of hundreds.
     */
    static final long BATCH_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
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
    /** Recordings written to since their last sync. */
    private final Set<SessionRecording> dirty = new LinkedHashSet<>();
    /** Recordings with lines of this batch not yet handed to their file. */
    private final List<SessionRecording> toWrite = new ArrayList<>();
    private long recordedInBatch;
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
                boolean busy = !batch.isEmpty();
                batch.clear();
                writePending();
                if (!flushed.isEmpty() || !running || System.nanoTime() - lastSync >= fsyncIntervalNanos) {
                    sync();
                }
                flushed.forEach(done -> done.complete(null));
                if (busy && running && flushed.isEmpty()) {
                    // Let the next batch gather: while this thread does not wait on the queue, appending wakes
                    // nobody, and the batch after the pause is written with one write per recording.
                    LockSupport.parkNanos(BATCH_LINGER_NANOS);
                }
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
            byte[] genesis = ChainedLines.genesis(recording.sessionId()).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(genesis, 0, recording.lastHash, 0, genesis.length);
            SessionStart start = recording.start();
            writeLine(recording, start.type(), start.startedAt(), start, null, null);
            index.append(IndexEntries.start(recording.sessionId(), ChainedLines.MAPPER.valueToTree(start)));
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
            writeLine(recording, append.event().type(), append.at(), append.event(), null, null);
        } catch (RuntimeException e) {
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
            SessionEnd end = new SessionEnd(close.reason());
            writeLine(recording, end.type(), close.at(), end, null, null);
            long sealSeq = recording.nextSeq;
            long dropped = recording.droppedWritten;
            writeLine(recording, "seal", close.at(), null, json -> json.beginObject().name("events").value(sealSeq)
                    .name("dropped").value(dropped).name("key").value(keyFingerprint).endObject(), key);
            flushPending(recording);
            long started = System.nanoTime();
            recording.channel.force(false);
            fsync.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            recording.channel.close();
            recording.channel = null;
            dirty.remove(recording);
            index.append(IndexEntries.end(recording.sessionId(), close.at(), close.reason(), sealSeq,
                    recording.droppedWritten, new String(recording.lastHash, StandardCharsets.US_ASCII)));
            index.force();
            countRecorded();
            recording.sealed(null);
        } catch (IOException | RuntimeException e) {
            fail(recording, "cannot seal the recording", e);
            recording.sealed(e);
        }
    }

    /** Puts the drops since the last marker on record where they happened, so a reader sees where the gap is. */
    private void writeDroppedMarker(SessionRecording recording, long dropped, Instant at) {
        if (dropped > recording.droppedWritten) {
            long count = dropped - recording.droppedWritten;
            recording.droppedWritten = dropped;
            writeLine(recording, "events_dropped", at, null,
                    json -> json.beginObject().name("count").value(count).name("total").value(dropped).endObject(), null);
        }
    }

    /** Hands each recording's lines of this batch to its file in one write; the files are synced on schedule. */
    private void writePending() {
        for (SessionRecording recording : toWrite) {
            recording.listedForWrite = false;
            try {
                if (flushPending(recording)) {
                    dirty.add(recording);
                }
            } catch (IOException e) {
                fail(recording, "cannot write events", e);
            }
        }
        toWrite.clear();
        countRecorded();
    }

    /** Counts the lines written so far in this batch: once per batch, and before a seal is reported done. */
    private void countRecorded() {
        if (recordedInBatch > 0) {
            recorded.increment(recordedInBatch);
            recordedInBatch = 0;
        }
    }

    /** @return whether anything was written */
    private static boolean flushPending(SessionRecording recording) throws IOException {
        JsonLine pending = recording.pending;
        if (pending.isEmpty() || recording.channel == null) {
            pending.clear();
            return false;
        }
        ByteBuffer lines = pending.contents();
        while (lines.hasRemaining()) {
            recording.channel.write(lines);
        }
        pending.clear();
        return true;
    }

    /**
     * Writes one chained line into the recording's pending lines: seq, type, at, the previous line's hash and the
     * data, hashed as written (those bytes are the line's canonical form), then the hash and, on a seal, its
     * signature. A line that fails half-way is taken back out, so the chain never holds part of one.
     *
     * @param event the data, or null to write it with {@code data}
     */
    private void writeLine(SessionRecording recording, String type, Instant at, SessionEvent event,
            Consumer<JsonLine> data, AuditKey signer) {
        JsonLine json = recording.pending;
        int mark = json.size();
        try {
            json.beginObject().name(SEQ).value(recording.nextSeq).name(TYPE).value(type)
                    .name(AT).value(at == null ? clock.instant() : at)
                    .name(PREV).asciiValue(recording.lastHash, 64)
                    .name(DATA);
            if (event != null) {
                EventData.write(json, event);
            } else {
                data.accept(json);
            }
            json.endObject();
            digest.update(json.array(), mark, json.size() - mark);
            digest.digest(hash, 0, hash.length);
        } catch (DigestException | RuntimeException e) {
            json.truncate(mark);
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        JsonLine.hex(hash, recording.lastHash);
        json.truncate(json.size() - 1);
        json.ascii(",\"hash\":\"").raw(recording.lastHash, 0, 64).ascii("\"");
        if (signer != null) {
            json.ascii(",\"sig\":\"").ascii(signer.sign(new String(recording.lastHash, StandardCharsets.US_ASCII)))
                    .ascii("\"");
        }
        json.endLine();
        recording.nextSeq++;
        if (!recording.listedForWrite) {
            recording.listedForWrite = true;
            toWrite.add(recording);
        }
        recordedInBatch++;
    }

    private static final byte[] SEQ = JsonLine.key("seq");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] AT = JsonLine.key("at");
    private static final byte[] PREV = JsonLine.key("prev");
    private static final byte[] DATA = JsonLine.key("data");

    /** Reused by the one writer thread. */
    private final MessageDigest digest = sha256();
    private final byte[] hash = new byte[32];

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
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
        recording.pending.clear();
        dirty.remove(recording);
    }
}
