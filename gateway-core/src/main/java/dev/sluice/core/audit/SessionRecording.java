package dev.sluice.core.audit;

import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's recording, handed out by {@link AuditRecorder#open(SessionStart)}. Thread-safe; {@link #append}
 * never blocks, so it may be called on an event loop. Ask {@link #healthy()} before forwarding an operation.
 */
public final class SessionRecording {
    private final AuditRecorder recorder;
    private final SessionStart start;
    private final RecordingFailurePolicy policy;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> sealed = new CompletableFuture<>();
    private volatile boolean failed;

    // Touched only by the writer thread.
    FileChannel channel;
    /** Lines written in this batch and not yet handed to the file: one write per recording per batch. */
    final JsonLine pending = new JsonLine();
    /** Whether the writer has this recording in its list of recordings with pending lines. */
    boolean listedForWrite;
    long nextSeq;
    /** The hex hash of the last line written, in ASCII: the next line's {@code prev}. */
    final byte[] lastHash = new byte[64];
    long droppedWritten;

    SessionRecording(AuditRecorder recorder, SessionStart start, RecordingFailurePolicy policy) {
        this.recorder = recorder;
        this.start = start;
        this.policy = policy;
    }

    public String sessionId() {
        return start.sessionId();
    }

    SessionStart start() {
        return start;
    }

    /**
     * Queues {@code event} for writing, stamped now.
     *
     * @return false when it was not queued: the queue is full (the drop is counted and recorded as an
     *     {@code events_dropped} line), or the recording is closed
     * @throws IllegalArgumentException for {@link SessionStart} or {@link SessionEnd}, which {@code open} and
     *     {@link #close} write
     */
    public boolean append(SessionEvent event) {
        return append(event, null);
    }

    /**
     * Queues {@code event} stamped with {@code at}, a time taken earlier from {@link #now()}: for an operation
     * recorded together with its outcome, stamped when it was asked for.
     *
     * @param at null for now
     * @return as {@link #append(SessionEvent)}
     */
    public boolean append(SessionEvent event, Instant at) {
        if (event instanceof SessionStart || event instanceof SessionEnd) {
            throw new IllegalArgumentException(event.type() + " is written by open() and close(), not appended");
        }
        if (closing.get()) {
            return false;
        }
        if (!recorder.offer(this, event, at)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** The recorder's clock: what events are stamped with. */
    public Instant now() {
        return recorder.now();
    }

    /**
     * Writes {@code session_end} with {@code reason} and the signed seal, then syncs; later calls return the same
     * future.
     *
     * @return completes when the seal is on disk (or the recording has failed)
     */
    public CompletableFuture<Void> close(String reason) {
        if (closing.compareAndSet(false, true)) {
            recorder.close(this, reason);
        }
        return sealed;
    }

    /**
     * Whether the protocol may forward the next operation: false under {@link RecordingFailurePolicy#REFUSE} once
     * an event was dropped or the recording could not be written, and after {@link #close}.
     */
    public boolean healthy() {
        if (closing.get()) {
            return false;
        }
        return policy == RecordingFailurePolicy.CONTINUE_AND_FLAG || !flagged();
    }

    /** Whether the recording is incomplete: events were dropped or writing failed. */
    public boolean flagged() {
        return failed || dropped.get() > 0;
    }

    public long droppedEvents() {
        return dropped.get();
    }

    void markFailed() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    void sealed(Throwable failure) {
        if (failure == null) {
            sealed.complete(null);
        } else {
            sealed.completeExceptionally(failure);
        }
    }
}
