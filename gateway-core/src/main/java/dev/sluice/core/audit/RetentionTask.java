package dev.sluice.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings of sessions that ended (sealed or cut off) more than a retention period ago. Each deletion is
 * first written, signed and synced to the deletion log, then the file is removed, so a crash in between leaves a
 * logged deletion of a file that still exists rather than a file that vanished without trace. Open sessions are
 * never deleted. Run it on a schedule off the event loop; it does file I/O.
 */
public final class RetentionTask implements Runnable {
    public static final int DEFAULT_RETENTION_DAYS = 365;
    private static final Logger log = LoggerFactory.getLogger(RetentionTask.class);

    private final AuditRecorder recorder;
    private final Duration retention;
    private final Clock clock;

    /** @param retentionDays how long after it ended a session is kept; at least 1 */
    public RetentionTask(AuditRecorder recorder, int retentionDays, Clock clock) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least one day, got " + retentionDays);
        }
        this.recorder = recorder;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            deleteExpired();
        } catch (IOException e) {
            log.error("Audit retention failed; it will try again on its next run", e);
        }
    }

    /** Deletes what has expired; returns the deleted session ids. */
    public List<String> deleteExpired() throws IOException {
        AuditPaths paths = recorder.paths();
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        List<String> deleted = new ArrayList<>();
        for (SessionSummary session : SessionIndex.read(paths).values()) {
            boolean ended = session.status() == SessionStatus.CLOSED || session.status() == SessionStatus.CUT_OFF;
            if (!ended || session.endedAt() == null || !session.endedAt().isBefore(cutoff)) {
                continue;
            }
            ChainCheck.Finding finding = Files.exists(paths.recording(session.sessionId()))
                    ? new ChainCheck(session.sessionId(), Files.readAllBytes(paths.recording(session.sessionId())), null).run()
                    : new ChainCheck.Finding(session.lastSeq(), session.sealHash(), false, false, 0, null);
            DeletionLog.append(paths, recorder.key(), new DeletionLog.Deletion(session.sessionId(), session.subject(),
                    session.connection(), session.protocol(), session.startedAt(), finding.lastGood(), finding.lastHash(), now,
                    "retention " + retention.toDays() + " days"));
            Files.deleteIfExists(paths.recording(session.sessionId()));
            recorder.index().append(IndexEntries.deleted(session.sessionId(), now));
            deleted.add(session.sessionId());
        }
        recorder.index().force();
        if (!deleted.isEmpty()) {
            log.info("Audit retention deleted {} recording(s) that ended before {}", deleted.size(), cutoff);
        }
        return deleted;
    }
}
