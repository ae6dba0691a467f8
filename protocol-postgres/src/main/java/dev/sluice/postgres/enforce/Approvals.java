package dev.sluice.postgres.enforce;

import dev.sluice.core.access.AccessException;
import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.Answer;
import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.ClientRequests;
import dev.sluice.core.access.GrantUse;
import dev.sluice.core.access.NewRequest;
import dev.sluice.core.access.Quorum;
import dev.sluice.core.access.UseUnit;
import dev.sluice.core.identity.Identity;
import dev.sluice.policy.Decision;
import dev.sluice.policy.GrantTerms;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the verdicts that wait, for one session: a statement held by {@code require_approval} becomes an access
 * request for exactly that statement, and runs once approved (the approval's one-use grant is taken); a statement
 * that needs a grant takes one use of a covering grant. The access service may write to disk, so all of it runs on
 * the blocking executor; results are completed there and the caller moves them back to its event loop.
 */
public final class Approvals {
    private static final Logger log = LoggerFactory.getLogger(Approvals.class);
    /** The grant an approved hold makes is used at once; this only bounds it if the session dies first. */
    static final Duration HELD_GRANT_TTL = Duration.ofMinutes(1);

    /** A waiting verdict resolved: allowed or refused, and the access requests that decided it. */
    public record Resolution(Decision decision, List<String> approvalIds) {}

    private final AccessService access;
    private final Answers answers;
    private final Identity identity;
    private final String connection;
    private final Executor blocking;
    private final Duration holdTimeout;
    /** Guards the hold under way: at most one per session, since the session reads nothing while it waits. */
    private final Object holdLock = new Object();
    private boolean holding;
    /** The request of the hold under way, once opened. */
    private String heldRequest;
    /** Withdrawal was asked during the hold under way, perhaps before its request was opened. */
    private boolean withdrawn;

    public Approvals(AccessService access, Answers answers, Identity identity, String connection, Executor blocking,
            Duration holdTimeout) {
        this.access = access;
        this.answers = answers;
        this.identity = identity;
        this.connection = connection;
        this.blocking = blocking;
        this.holdTimeout = holdTimeout;
    }

    /**
     * @param notice told, from any thread, what the client should read while it waits
     */
    CompletableFuture<Resolution> resolve(SessionPolicy.Verdict verdict, Consumer<String> notice) {
        CompletableFuture<Resolution> resolution;
        if (verdict.decision() instanceof Decision.Hold hold) {
            resolution = hold(hold, verdict, notice);
        } else if (verdict.decision() instanceof Decision.RequireGrant needs) {
            resolution = CompletableFuture.supplyAsync(() -> useGrant(needs, verdict), blocking);
        } else {
            throw new IllegalArgumentException("only holds and grant requirements wait, not " + verdict.decision());
        }
        String rule = verdict.decision().rule();
        return resolution.exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (!(cause instanceof AccessException)) {
                log.error("resolving a held statement of {} on {} failed", identity.subject(), connection, cause);
            }
            return refused(rule, cause instanceof AccessException ? cause.getMessage()
                    : "the approval could not be completed (see the gateway log)", List.of());
        });
    }

    private CompletableFuture<Resolution> hold(Decision.Hold hold, SessionPolicy.Verdict verdict, Consumer<String> notice) {
        synchronized (holdLock) {
            holding = true;
            withdrawn = false;
            heldRequest = null;
        }
        return CompletableFuture.supplyAsync(() -> access.requestApproval(identity,
                        new NewRequest(connection, verdict.wanted(), heldGrantTtl(), 1, UseUnit.OPERATIONS,
                                "held by rule " + hold.rule() + ": " + hold.message()),
                        new Approvers(List.copyOf(hold.approverGroups()), Quorum.parse(hold.quorum())), holdTimeout), blocking)
                .thenCompose(request -> {
                    boolean cancelNow;
                    synchronized (holdLock) {
                        heldRequest = request.id();
                        cancelNow = withdrawn;
                    }
                    if (cancelNow) {
                        cancel(request.id());
                    }
                    notice.accept("sluice: " + hold.message() + " (rule " + hold.rule() + "). Request " + request.id()
                            + " waits for approval by " + String.join(", ", request.approvers()) + " (quorum "
                            + request.quorum() + "); the statement runs when approved and is refused if denied or not"
                            + " answered within " + Duration.between(request.createdAt(), request.expiresAt()).toSeconds() + "s");
                    return answers.await(request.id());
                })
                .thenApplyAsync(answered -> answered(hold, verdict, answered), blocking)
                .whenComplete((resolution, failure) -> {
                    synchronized (holdLock) {
                        holding = false;
                        heldRequest = null;
                    }
                });
    }

    private Duration heldGrantTtl() {
        Duration most = access.settings().maxTtl();
        return most.compareTo(HELD_GRANT_TTL) < 0 ? most : HELD_GRANT_TTL;
    }

    private Resolution answered(Decision.Hold hold, SessionPolicy.Verdict verdict, AccessRequest request) {
        List<String> ids = List.of(request.id());
        return switch (request.status()) {
            case APPROVED -> {
                GrantUse use = access.useGrant(identity.subject(), connection, verdict.wanted());
                yield use instanceof GrantUse.Granted
                        ? new Resolution(new Decision.Allow(hold.rule()), ids)
                        : refused(hold.rule(), "approved, but " + ((GrantUse.Refused) use).message(), ids);
            }
            case DENIED -> refused(hold.rule(), "request " + request.id() + " was denied" + deniedBy(request), ids);
            case EXPIRED -> refused(hold.rule(), "request " + request.id() + " was not answered in time", ids);
            case CANCELLED -> refused(hold.rule(), "request " + request.id() + " was cancelled", ids);
            case PENDING -> throw new IllegalStateException("a pending request was reported answered");
        };
    }

    private static String deniedBy(AccessRequest request) {
        return request.answers().stream().filter(a -> a.decision() == Answer.Decision.DENY).findFirst()
                .map(a -> " by " + a.approver() + (a.comment() == null ? "" : ": " + a.comment())).orElse("");
    }

    private Resolution useGrant(Decision.RequireGrant needs, SessionPolicy.Verdict verdict) {
        GrantUse use = access.useGrant(identity.subject(), connection, verdict.wanted());
        if (use instanceof GrantUse.Granted granted) {
            return new Resolution(new Decision.Allow(needs.rule()), List.of(granted.grant().requestId()));
        }
        GrantTerms terms = needs.terms();
        String hint = ClientRequests.pointTo(access, identity, connection, verdict.wanted(), terms.maxTtl(),
                terms.maxUses(), terms.perOperation() ? UseUnit.OPERATIONS : UseUnit.SESSIONS);
        return refused(needs.rule(), ((GrantUse.Refused) use).message() + "; " + hint, List.of());
    }

    private static Resolution refused(String rule, String message, List<String> ids) {
        return new Resolution(new Decision.Block(rule, message), ids);
    }

    /**
     * The client cancelled (CancelRequest) or went away while a statement waited: its request is withdrawn, so nobody
     * approves it in vain, and the statement is refused.
     */
    public void withdrawHeld() {
        String pending;
        synchronized (holdLock) {
            if (!holding) {
                return;
            }
            withdrawn = true;
            pending = heldRequest;
        }
        if (pending != null) {
            blocking.execute(() -> cancel(pending));
        }
    }

    /** Blocking: writes the access state. */
    private void cancel(String requestId) {
        try {
            access.cancel(requestId, identity);
        } catch (AccessException e) {
            log.debug("held request {} was not cancelled: {}", requestId, e.getMessage());
        }
    }
}
