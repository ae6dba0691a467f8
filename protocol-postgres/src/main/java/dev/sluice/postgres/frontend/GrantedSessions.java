package dev.sluice.postgres.frontend;

import dev.sluice.core.access.AccessListener;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.Grant;
import dev.sluice.core.access.GrantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sessions running under each grant, ended the moment their grant is revoked or expires: on revocation when the
 * access service says so, on expiry by a timer of the session's own event loop (not waiting for the service's
 * sweep). A grant that ran out of uses ends no session: the session that took the last use goes on.
 */
final class GrantedSessions implements AccessListener {
    private final AccessService access;
    private final ConcurrentMap<String, Set<PostgresSession>> byGrant = new ConcurrentHashMap<>();

    GrantedSessions(AccessService access) {
        this.access = access;
        access.addListener(this);
    }

    /** On the session's event loop, once it has started under {@code grant}. */
    void bind(Grant grant, PostgresSession session) {
        Set<PostgresSession> sessions = byGrant.computeIfAbsent(grant.id(), id -> ConcurrentHashMap.newKeySet());
        sessions.add(session);
        long delay = Math.max(0, Duration.between(Instant.now(), grant.notAfter()).toMillis());
        ScheduledFuture<?> expiry = session.client().eventLoop().schedule(
                () -> session.endUnderGrant(expired(grant)), delay, TimeUnit.MILLISECONDS);
        session.client().closeFuture().addListener(f -> {
            expiry.cancel(false);
            sessions.remove(session);
            byGrant.computeIfPresent(grant.id(), (id, left) -> left.isEmpty() ? null : left);
        });
        // The grant may have ended between admission and now.
        access.findGrant(grant.id())
                .filter(g -> g.status() == GrantStatus.REVOKED || g.status() == GrantStatus.EXPIRED)
                .ifPresent(ended -> session.endUnderGrant(message(ended, ended.status())));
    }

    /** Sessions running under a grant now, for metrics and tests. */
    int sessions() {
        return byGrant.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void onGrantEnded(Grant grant, GrantStatus reason) {
        if (reason == GrantStatus.EXHAUSTED) {
            return;
        }
        Set<PostgresSession> sessions = byGrant.remove(grant.id());
        if (sessions != null) {
            String message = message(grant, reason);
            sessions.forEach(session -> session.client().eventLoop().execute(() -> session.endUnderGrant(message)));
        }
    }

    private static String message(Grant grant, GrantStatus reason) {
        return reason == GrantStatus.REVOKED
                ? "grant " + grant.id() + " was revoked by " + grant.endedBy() + (grant.endReason() == null ? "" : ": " + grant.endReason())
                : expired(grant);
    }

    private static String expired(Grant grant) {
        return "grant " + grant.id() + " expired at " + grant.notAfter();
    }
}
