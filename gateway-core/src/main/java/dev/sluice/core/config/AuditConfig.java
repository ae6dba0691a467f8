package dev.sluice.core.config;

import dev.sluice.core.audit.AuditRecorder;
import dev.sluice.core.audit.RecordingFailurePolicy;
import java.time.Duration;

/**
 * How sessions are recorded and kept.
 *
 * @param auditorGroup members may read recordings through the admin API
 * @param retentionDays recordings older than this are deleted (the deletion itself is logged)
 * @param onFailure what happens to a session whose recording cannot keep up or be written
 * @param queueCapacity events waiting for the writer; beyond it the failure policy applies
 * @param fsyncInterval the longest an event waits before it is on disk
 */
public record AuditConfig(String auditorGroup, int retentionDays, RecordingFailurePolicy onFailure, int queueCapacity,
                          Duration fsyncInterval) {
    public static final String DEFAULT_AUDITOR_GROUP = "auditors";
    public static final int DEFAULT_RETENTION_DAYS = 365;
    /** Sessions go on with their recording flagged incomplete; connections with {@code require_recording} refuse. */
    public static final RecordingFailurePolicy DEFAULT_ON_FAILURE = RecordingFailurePolicy.CONTINUE_AND_FLAG;
    public static final int DEFAULT_QUEUE_CAPACITY = AuditRecorder.DEFAULT_QUEUE_CAPACITY;
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(200);
    public static final AuditConfig DEFAULTS = new AuditConfig(DEFAULT_AUDITOR_GROUP, DEFAULT_RETENTION_DAYS,
            DEFAULT_ON_FAILURE, DEFAULT_QUEUE_CAPACITY, DEFAULT_FSYNC_INTERVAL);
}
