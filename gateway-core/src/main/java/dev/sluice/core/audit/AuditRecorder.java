package dev.sluice.core.audit;

import dev.sluice.core.vault.OwnerOnlyFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records sessions under {@code {dataDirectory}/recordings/}, one hash-chained JSON-lines file per session, sealed
 * with the audit key when the session ends. One writer thread does all file work; callers only queue.
 *
 * <p>The queue bound applies to appended events only. Opening and closing a session always queue (there are two
 * such commands per session, so they are bounded by the number of sessions), so every recording that starts gets
 * its seal.
 */
public final class AuditRecorder implements AutoCloseable {
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(200);
    /** How long {@link #close()} waits for the writer to seal open sessions and drain. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

    /**
     * @param queueCapacity events queued and not yet written, across all sessions, before {@code append} refuses
     * @param fsyncInterval how often written events are synced to disk (seals sync at once)
     */
    public record Settings(int queueCapacity, Duration fsyncInterval, RecordingFailurePolicy failurePolicy) {
        public static final Settings DEFAULTS = new Settings(DEFAULT_QUEUE_CAPACITY, DEFAULT_FSYNC_INTERVAL,
                RecordingFailurePolicy.REFUSE);

        public Settings {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
            }
            if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
                throw new IllegalArgumentException("fsyncInterval must be positive, got " + fsyncInterval);
            }
        }
    }

    private final AuditPaths paths;
    private final AuditKey key;
    private final Settings settings;
    private final Clock clock;
    private final SessionIndex index;
    private final LinkedBlockingQueue<RecordingWriter.Command> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final Map<String, SessionRecording> openRecordings = new ConcurrentHashMap<>();
    private final List<String> cutOffAtStartup;
    private final Counter dropped;
    private final Thread writerThread;
    private volatile boolean closed;

    private AuditRecorder(AuditPaths paths, AuditKey key, Settings settings, Clock clock, SessionIndex index,
            List<String> cutOffAtStartup, MeterRegistry registry) {
        this.paths = paths;
        this.key = key;
        this.settings = settings;
        this.clock = clock;
        this.index = index;
        this.cutOffAtStartup = List.copyOf(cutOffAtStartup);
        this.dropped = eventCounter(registry, "dropped");
        Gauge.builder("sluice.audit.queue.depth", queuedEvents, AtomicInteger::get)
                .description("Events queued for the audit writer").register(registry);
        RecordingWriter writer = new RecordingWriter(paths, key, index, queue, queuedEvents, settings.fsyncInterval(),
                clock, registry);
        this.writerThread = new Thread(writer, "sluice-audit-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** {@link #start(Path, Settings, MeterRegistry, Clock)} with the defaults and the system clock. */
    public static AuditRecorder start(Path dataDirectory, MeterRegistry registry) throws IOException {
        return start(dataDirectory, Settings.DEFAULTS, registry, Clock.systemUTC());
    }

    /**
     * Prepares the directories and the audit key, repairs the index if it is damaged, marks sessions a previous
     * process left open as cut off (in the index only; their files are not touched) and starts the writer.
     */
    public static AuditRecorder start(Path dataDirectory, Settings settings, MeterRegistry registry, Clock clock)
            throws IOException {
        AuditPaths paths = new AuditPaths(dataDirectory);
        OwnerOnlyFiles.createDirectory(paths.recordings());
        AuditKey key = AuditKey.loadOrCreate(paths);
        SessionIndex index = new SessionIndex(paths);
        List<String> cutOff = new ArrayList<>();
        for (SessionSummary session : index.recover().values()) {
            if (session.status() == SessionStatus.OPEN) {
                long lastGood = AuditVerifier.lastGoodSeq(paths, session.sessionId());
                index.append(IndexEntries.cutOff(session.sessionId(), clock.instant(), lastGood));
                cutOff.add(session.sessionId());
            }
        }
        index.force();
        if (!cutOff.isEmpty()) {
            log.warn("Audit: {} session(s) were left open by the previous process and are marked cut off: {}",
                    cutOff.size(), cutOff);
        }
        return new AuditRecorder(paths, key, settings, clock, index, cutOff, registry);
    }

    /**
     * Starts recording a session: queues its {@code session_start} event. Never blocks.
     *
     * @throws IllegalStateException the recorder is closed, or a session with this id is already recording
     */
    public SessionRecording open(SessionStart start) {
        if (closed) {
            throw new IllegalStateException("the audit recorder is closed; session " + start.sessionId() + " cannot be recorded");
        }
        SessionRecording recording = new SessionRecording(this, start, settings.failurePolicy());
        if (openRecordings.putIfAbsent(start.sessionId(), recording) != null) {
            throw new IllegalStateException("session " + start.sessionId() + " is already recording");
        }
        queue.add(new RecordingWriter.Open(recording));
        return recording;
    }

    Instant now() {
        return clock.instant();
    }

    boolean offer(SessionRecording recording, SessionEvent event, Instant at) {
        if (closed || queuedEvents.incrementAndGet() > settings.queueCapacity()) {
            if (!closed) {
                queuedEvents.decrementAndGet();
            }
            dropped.increment();
            return false;
        }
        queue.add(new RecordingWriter.Append(recording, event, at == null ? clock.instant() : at, recording.droppedEvents()));
        return true;
    }

    void close(SessionRecording recording, String reason) {
        openRecordings.remove(recording.sessionId(), recording);
        queue.add(new RecordingWriter.Close(recording, reason, clock.instant(), recording.droppedEvents()));
    }

    /** Completes once everything queued before the call is written and synced. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new RecordingWriter.Flush(done));
        return done;
    }

    /** Sessions the previous process left open, marked cut off when this recorder started. */
    public List<String> cutOffAtStartup() {
        return cutOffAtStartup;
    }

    public AuditPaths paths() {
        return paths;
    }

    public PublicKey publicKey() {
        return key.publicKey();
    }

    AuditKey key() {
        return key;
    }

    SessionIndex index() {
        return index;
    }

    /** Seals every open session with reason {@code gateway stopped}, drains the queue and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (SessionRecording recording : List.copyOf(openRecordings.values())) {
            recording.close("gateway stopped");
        }
        closed = true;
        queue.add(new RecordingWriter.Stop());
        try {
            writerThread.join(CLOSE_TIMEOUT.toMillis());
            if (writerThread.isAlive()) {
                log.error("Audit writer did not finish within {}; unsealed sessions will be reported cut off", CLOSE_TIMEOUT);
            }
            index.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Cannot close the session index", e);
        }
    }

    /**
     * Stops the writer at once, sealing nothing and syncing nothing more, as if the process died: what
     * {@code start} on the next run must cope with. For crash tests.
     */
    void halt() throws InterruptedException, IOException {
        closed = true;
        writerThread.interrupt();
        writerThread.join(CLOSE_TIMEOUT.toMillis());
        for (SessionRecording recording : openRecordings.values()) {
            if (recording.channel != null) {
                recording.channel.close();
            }
        }
        index.close();
    }

    static Counter eventCounter(MeterRegistry registry, String result) {
        return Counter.builder("sluice.audit.events").description("Session events by what became of them")
                .tag("result", result).register(registry);
    }
}
