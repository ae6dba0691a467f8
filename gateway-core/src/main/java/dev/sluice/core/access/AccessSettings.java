package dev.sluice.core.access;

import java.time.Duration;

/**
 * Limits of the access service; see docs/jit.md for the configuration keys they will come from.
 *
 * @param maxTtl the longest grant lifetime a request may ask for
 * @param pendingTimeout how long a request waits for answers before it expires
 * @param sweepInterval how often expired requests and grants are looked for
 * @param maxUses the most uses a request may ask for
 * @param maxPendingPerRequester how many pending requests one identity may have, bounding what it can make others store
 * @param retainFinished how long answered requests and ended grants are kept (for listing) before they are forgotten
 */
public record AccessSettings(Duration maxTtl, Duration pendingTimeout, Duration sweepInterval, int maxUses,
        int maxPendingPerRequester, Duration retainFinished) {
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(8);
    public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_USES = 10_000;
    public static final int DEFAULT_MAX_PENDING_PER_REQUESTER = 20;
    public static final Duration DEFAULT_RETAIN_FINISHED = Duration.ofDays(7);
    public static final AccessSettings DEFAULTS = new AccessSettings(DEFAULT_MAX_TTL, DEFAULT_PENDING_TIMEOUT,
            DEFAULT_SWEEP_INTERVAL, DEFAULT_MAX_USES, DEFAULT_MAX_PENDING_PER_REQUESTER, DEFAULT_RETAIN_FINISHED);

    public AccessSettings {
        for (Duration d : new Duration[] {maxTtl, pendingTimeout, sweepInterval, retainFinished}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("access durations are positive, got " + d);
            }
        }
        if (maxUses < 1 || maxPendingPerRequester < 1) {
            throw new IllegalArgumentException("access limits are at least 1");
        }
    }
}
