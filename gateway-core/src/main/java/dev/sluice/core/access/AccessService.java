package dev.sluice.core.access;

import dev.sluice.core.access.AccessException.Kind;
import dev.sluice.core.identity.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Just-in-time access: requests, their answers, and the grants they produce. Thread-safe: every change is made under
 * one lock, written through to the {@link AccessStore} before it is visible, and announced to the
 * {@link AccessListener}s after the lock is released. A change the store cannot write is not made, and surfaces as an
 * {@link UncheckedIOException}.
 *
 * <p>Times come from the injected clock. Pending requests and grants past their time are ended by {@link #sweep()},
 * which {@link #start()} runs every {@link AccessSettings#sweepInterval()}, and also when they are next touched, so
 * an expired grant is never usable whether or not a sweep has run.
 */
public final class AccessService implements AutoCloseable {
    /** Request and grant ids: a prefix and 16 hex digits, safe in paths and logs. */
    public static final Pattern ID = Pattern.compile("(req|grant)-[0-9a-f]{16}");
    public static final int MAX_COMMENT_LENGTH = 1000;
    private static final Logger log = LoggerFactory.getLogger(AccessService.class);

    private final AccessStore store;
    private final Approvers.Policy approverPolicy;
    private final AutoApprover autoApprover;
    private final AccessSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<AccessListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<String, AccessRequest> requests = new LinkedHashMap<>();
    private final Map<String, Grant> grants = new LinkedHashMap<>();
    private ScheduledExecutorService sweeper;

    /** Loads what {@code store} holds; pending requests from a previous run can be answered as before. */
    public AccessService(AccessStore store, Approvers.Policy approverPolicy, AutoApprover autoApprover,
            AccessSettings settings, Clock clock) throws IOException {
        this.store = store;
        this.approverPolicy = approverPolicy;
        this.autoApprover = autoApprover;
        this.settings = settings;
        this.clock = clock;
        AccessStore.Contents contents = store.load();
        contents.requests().forEach(r -> requests.put(r.id(), r));
        contents.grants().forEach(g -> grants.put(g.id(), g));
    }

    public void addListener(AccessListener listener) {
        listeners.add(listener);
    }

    /** Runs {@link #sweep()} every {@link AccessSettings#sweepInterval()} on a thread of its own until {@link #close()}. */
    public synchronized void start() {
        if (sweeper != null) {
            throw new IllegalStateException("the access service is already started");
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-access-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Access sweep failed; retrying in {} ms", millis, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    public AccessSettings settings() {
        return settings;
    }

    /**
     * Records a request from {@code requester}, with approvers chosen by the approver policy, and asks the
     * {@link AutoApprover}; when it approves, the returned request is already approved and its grant exists.
     *
     * @throws AccessException INVALID (the message says which field), FORBIDDEN (nobody may approve access to that
     *     connection), TOO_MANY (too many pending requests from this identity)
     */
    public AccessRequest request(Identity requester, NewRequest spec) {
        return openOnTerms(requester, spec, true);
    }

    /**
     * Opens a request on behalf of a client that tried to use {@code spec.connection()} without a grant, for humans
     * to answer: automatic approval is not asked, so refused attempts never mint grants by themselves.
     *
     * @throws AccessException as {@link #request}
     */
    public AccessRequest requestForClient(Identity requester, NewRequest spec) {
        return openOnTerms(requester, spec, false);
    }

    /** Opens a request on the terms the approver policy sets for its requester and connection. */
    private AccessRequest openOnTerms(Identity requester, NewRequest spec, boolean automaticApproval) {
        spec.validate(settings);
        RequestTerms terms = approverPolicy.termsFor(requester, spec.connection());
        return open(requester, terms == null ? spec : terms.apply(spec), terms == null ? null : terms.approvers(),
                settings.pendingTimeout(), automaticApproval);
    }

    /**
     * Asks approval for one operation that a {@code require_approval} rule holds: the rule, not the terms of
     * grants, names the approvers, and the request expires unanswered after {@code wait}. Approval makes a grant of
     * the request's scope (the one statement) that the held operation then uses.
     *
     * @throws AccessException as {@link #request}
     */
    public AccessRequest requestApproval(Identity requester, NewRequest spec, Approvers approvers, Duration wait) {
        spec.validate(settings);
        return open(requester, spec, approvers, wait.compareTo(settings.pendingTimeout()) < 0 ? wait : settings.pendingTimeout(),
                false);
    }

    private AccessRequest open(Identity requester, NewRequest asked, Approvers approvers, Duration pendingTimeout,
            boolean automaticApproval) {
        List<Runnable> events = new ArrayList<>();
        AccessRequest result;
        try {
            synchronized (lock) {
                Instant now = clock.instant();
                long pending = requests.values().stream()
                        .filter(r -> r.pending() && r.requester().equals(requester.subject())).count();
                if (pending >= settings.maxPendingPerRequester()) {
                    throw new AccessException(Kind.TOO_MANY, requester.subject() + " already has " + pending
                            + " pending requests, the most allowed; cancel one or wait for answers");
                }
                AccessRequest created = new AccessRequest(newId("req"), requester.subject(), requester.groups(),
                        asked.connection(), asked.scope(), asked.ttl(), asked.maxUses(), asked.useUnit(), asked.reason().strip(),
                        approvers == null ? List.of() : approvers.groups(), approvers == null ? Quorum.ANY : approvers.quorum(),
                        RequestStatus.PENDING, List.of(), now, now.plus(pendingTimeout), null);
                Optional<AutoApprover.Approval> automatic = automaticApproval ? autoApprover.consider(created, now) : Optional.empty();
                if (approvers == null && automatic.isEmpty()) {
                    throw new AccessException(Kind.FORBIDDEN, "nobody may approve access to " + asked.connection()
                            + ", so it cannot be requested");
                }
                Grant grant = null;
                if (automatic.isPresent()) {
                    created = created.withAnswer(new Answer(Answer.POLICY_PREFIX + automatic.get().rule(), Set.of(),
                            Answer.Decision.APPROVE, automatic.get().comment(), now));
                    grant = grantFor(created, now);
                    created = created.withStatus(RequestStatus.APPROVED, grant.id());
                }
                store(List.of(created), grant == null ? List.of() : List.of(grant));
                result = created;
                events.add(() -> listeners.forEach(l -> l.onRequest(result)));
            }
        } finally {
            fire(events);
        }
        return result;
    }

    /**
     * Records {@code approver}'s approval; when the quorum is met the request is approved and its grant starts now.
     *
     * @throws AccessException NOT_FOUND, CONFLICT (not pending, or this approver already answered), SELF_APPROVAL,
     *     FORBIDDEN (not in an approver group)
     */
    public AccessRequest approve(String requestId, Identity approver, String comment) {
        return answer(requestId, approver, Answer.Decision.APPROVE, comment);
    }

    /** Records {@code approver}'s denial, which denies the request at once; refused as {@link #approve} is. */
    public AccessRequest deny(String requestId, Identity approver, String comment) {
        return answer(requestId, approver, Answer.Decision.DENY, comment);
    }

    /** Withdraws a pending request; only its requester may. */
    public AccessRequest cancel(String requestId, Identity requester) {
        List<Runnable> events = new ArrayList<>();
        AccessRequest cancelled;
        try {
            synchronized (lock) {
                AccessRequest request = pendingRequest(requestId, clock.instant(), events);
                if (!request.requester().equals(requester.subject())) {
                    throw new AccessException(Kind.FORBIDDEN, requester.subject() + " did not make request " + requestId
                            + " and cannot cancel it");
                }
                cancelled = request.withStatus(RequestStatus.CANCELLED, null);
                store(List.of(cancelled), List.of());
                AccessRequest announced = cancelled;
                events.add(() -> listeners.forEach(l -> l.onAnswer(announced)));
            }
        } finally {
            fire(events);
        }
        return cancelled;
    }

    /**
     * Ends an active grant now; listeners are told, so sessions under it end.
     *
     * @throws AccessException NOT_FOUND, CONFLICT (already ended)
     */
    public Grant revoke(String grantId, String by, String reason) {
        List<Runnable> events = new ArrayList<>();
        Grant revoked;
        try {
            synchronized (lock) {
                Grant grant = grants.get(grantId);
                if (grant == null) {
                    throw new AccessException(Kind.NOT_FOUND, "no grant " + grantId);
                }
                if (!grant.active()) {
                    throw new AccessException(Kind.CONFLICT, "grant " + grantId + " is already " + grant.status().name().toLowerCase(java.util.Locale.ROOT));
                }
                revoked = grant.ended(GrantStatus.REVOKED, clock.instant(), by, reason == null || reason.isBlank() ? "revoked" : reason.strip());
                store(List.of(), List.of(revoked));
                events.add(ended(revoked, GrantStatus.REVOKED));
            }
        } finally {
            fire(events);
        }
        return revoked;
    }

    /**
     * Takes one use from an active grant of {@code subject} on {@code connection} whose scope covers {@code wanted}
     * (the one ending soonest, when several do), atomically: two callers never get the same last use.
     *
     * @param wanted what the use must be allowed to do, or null for any grant on the connection (a session start)
     */
    public GrantUse useGrant(String subject, String connection, Scope wanted) {
        List<Runnable> events = new ArrayList<>();
        GrantUse result;
        try {
            synchronized (lock) {
                Instant now = clock.instant();
                List<Grant> covering = covering(connection, wanted);
                List<Grant> changed = new ArrayList<>();
                Grant chosen = null;
                for (Grant grant : covering) {
                    if (!grant.active() || !grant.subject().equals(subject)) {
                        continue;
                    }
                    if (!now.isBefore(grant.notAfter())) {
                        Grant expired = grant.ended(GrantStatus.EXPIRED, now, Grant.SYSTEM, "lifetime ended");
                        changed.add(expired);
                        events.add(ended(expired, GrantStatus.EXPIRED));
                    } else if (chosen == null || grant.notAfter().isBefore(chosen.notAfter())) {
                        chosen = grant;
                    }
                }
                if (chosen != null) {
                    Grant used = chosen.usedOnce();
                    if (!used.unlimited() && used.usesLeft() <= 0) {
                        used = used.ended(GrantStatus.EXHAUSTED, now, Grant.SYSTEM, "last use taken");
                        events.add(ended(used, GrantStatus.EXHAUSTED));
                    }
                    changed.add(used);
                    result = new GrantUse.Granted(used);
                } else {
                    result = GrantRefusals.explain(subject, connection, wanted, covering, changed);
                }
                if (!changed.isEmpty()) {
                    store(List.of(), changed);
                }
            }
        } finally {
            fire(events);
        }
        return result;
    }

    /**
     * The active grant of {@code subject} on {@code connection} covering {@code wanted} that ends last, without
     * taking a use: what a session whose uses are counted per operation starts under.
     */
    public GrantUse activeGrant(String subject, String connection, Scope wanted) {
        synchronized (lock) {
            Instant now = clock.instant();
            List<Grant> covering = covering(connection, wanted);
            Optional<Grant> usable = covering.stream()
                    .filter(g -> g.active() && g.subject().equals(subject) && now.isBefore(g.notAfter()))
                    .max(java.util.Comparator.comparing(Grant::notAfter));
            if (usable.isPresent()) {
                return new GrantUse.Granted(usable.get());
            }
            List<Grant> lapsed = covering.stream().filter(g -> g.active() && !now.isBefore(g.notAfter()))
                    .map(g -> g.ended(GrantStatus.EXPIRED, g.notAfter(), Grant.SYSTEM, "lifetime ended")).toList();
            return GrantRefusals.explain(subject, connection, wanted, covering, lapsed);
        }
    }

    private List<Grant> covering(String connection, Scope wanted) {
        return grants.values().stream()
                .filter(g -> g.connection().equals(connection) && (wanted == null || g.scope().covers(wanted))).toList();
    }

    /** The newest pending request of {@code subject} for {@code connection}, if any: what a refused client is pointed to. */
    public Optional<AccessRequest> pendingRequest(String subject, String connection) {
        synchronized (lock) {
            return requests.values().stream()
                    .filter(r -> r.pending() && r.requester().equals(subject) && r.connection().equals(connection))
                    .max(java.util.Comparator.comparing(AccessRequest::createdAt));
        }
    }

    public Optional<AccessRequest> findRequest(String id) {
        synchronized (lock) {
            return Optional.ofNullable(requests.get(id));
        }
    }

    public Optional<Grant> findGrant(String id) {
        synchronized (lock) {
            return Optional.ofNullable(grants.get(id));
        }
    }

    /** Requests in the order they were made, only those with {@code status} when it is not null. */
    public List<AccessRequest> requests(RequestStatus status) {
        synchronized (lock) {
            return requests.values().stream().filter(r -> status == null || r.status() == status).toList();
        }
    }

    /** Grants in the order they were made. */
    public List<Grant> grants() {
        synchronized (lock) {
            return List.copyOf(grants.values());
        }
    }

    /**
     * Expires pending requests and grants whose time has passed, telling listeners, and forgets requests and grants
     * that ended more than {@link AccessSettings#retainFinished()} ago.
     */
    public void sweep() {
        List<Runnable> events = new ArrayList<>();
        try {
            synchronized (lock) {
                Instant now = clock.instant();
                List<AccessRequest> expiredRequests = new ArrayList<>();
                for (AccessRequest request : requests.values()) {
                    if (request.pending() && !now.isBefore(request.expiresAt())) {
                        AccessRequest expired = request.withStatus(RequestStatus.EXPIRED, null);
                        expiredRequests.add(expired);
                        events.add(() -> listeners.forEach(l -> l.onAnswer(expired)));
                    }
                }
                List<Grant> expiredGrants = new ArrayList<>();
                for (Grant grant : grants.values()) {
                    if (grant.active() && !now.isBefore(grant.notAfter())) {
                        Grant expired = grant.ended(GrantStatus.EXPIRED, now, Grant.SYSTEM, "lifetime ended");
                        expiredGrants.add(expired);
                        events.add(ended(expired, GrantStatus.EXPIRED));
                    }
                }
                if (!expiredRequests.isEmpty() || !expiredGrants.isEmpty()) {
                    store(expiredRequests, expiredGrants);
                }
                forgetFinished(now.minus(settings.retainFinished()));
            }
        } finally {
            fire(events);
        }
    }

    private AccessRequest answer(String requestId, Identity approver, Answer.Decision decision, String comment) {
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            throw new AccessException(Kind.INVALID, "a comment is at most " + MAX_COMMENT_LENGTH + " characters");
        }
        List<Runnable> events = new ArrayList<>();
        AccessRequest result;
        try {
            synchronized (lock) {
                Instant now = clock.instant();
                AccessRequest request = pendingRequest(requestId, now, events);
                if (request.requester().equals(approver.subject())) {
                    throw new AccessException(Kind.SELF_APPROVAL, approver.subject() + " made request " + requestId
                            + " and cannot answer it; another approver must");
                }
                Set<String> asApprover = new TreeSet<>(request.approvers());
                asApprover.retainAll(approver.groups());
                if (asApprover.isEmpty()) {
                    throw new AccessException(Kind.FORBIDDEN, approver.subject() + " is not in an approver group ("
                            + String.join(", ", request.approvers()) + ") of request " + requestId);
                }
                if (request.answers().stream().anyMatch(a -> a.approver().equals(approver.subject()))) {
                    throw new AccessException(Kind.CONFLICT, approver.subject() + " already answered request " + requestId);
                }
                AccessRequest answered = request.withAnswer(new Answer(approver.subject(), asApprover, decision,
                        comment == null || comment.isBlank() ? null : comment.strip(), now));
                Grant grant = null;
                if (decision == Answer.Decision.DENY) {
                    answered = answered.withStatus(RequestStatus.DENIED, null);
                } else if (answered.quorum().metBy(answered.approvers(), answered.answers())) {
                    grant = grantFor(answered, now);
                    answered = answered.withStatus(RequestStatus.APPROVED, grant.id());
                }
                store(List.of(answered), grant == null ? List.of() : List.of(grant));
                result = answered;
                events.add(() -> listeners.forEach(l -> l.onAnswer(result)));
            }
        } finally {
            fire(events);
        }
        return result;
    }

    /** The request if it is pending; expires it first if its time has passed. Call holding the lock. */
    private AccessRequest pendingRequest(String requestId, Instant now, List<Runnable> events) {
        AccessRequest request = requests.get(requestId);
        if (request == null) {
            throw new AccessException(Kind.NOT_FOUND, "no request " + requestId);
        }
        if (request.pending() && !now.isBefore(request.expiresAt())) {
            AccessRequest expired = request.withStatus(RequestStatus.EXPIRED, null);
            store(List.of(expired), List.of());
            events.add(() -> listeners.forEach(l -> l.onAnswer(expired)));
            request = expired;
        }
        if (!request.pending()) {
            throw new AccessException(Kind.CONFLICT, "request " + requestId + " is already "
                    + request.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        return request;
    }

    private Grant grantFor(AccessRequest request, Instant now) {
        return new Grant(newId("grant"), request.id(), request.requester(), request.connection(), request.scope(),
                request.useUnit(), now, now.plus(request.ttl()), request.maxUses(), GrantStatus.ACTIVE, null, null, null);
    }

    private void forgetFinished(Instant before) {
        List<String> oldGrants = grants.values().stream()
                .filter(g -> !g.active() && g.endedAt() != null && g.endedAt().isBefore(before)).map(Grant::id).toList();
        List<String> oldRequests = requests.values().stream()
                .filter(r -> !r.pending() && r.expiresAt().isBefore(before)
                        && (r.grantId() == null || !grants.containsKey(r.grantId()) || oldGrants.contains(r.grantId())))
                .map(AccessRequest::id).toList();
        if (oldGrants.isEmpty() && oldRequests.isEmpty()) {
            return;
        }
        try {
            store.remove(oldRequests, oldGrants);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store access state: " + e.getMessage(), e);
        }
        oldRequests.forEach(requests::remove);
        oldGrants.forEach(grants::remove);
    }

    /** Writes through, then adopts. Call holding the lock. */
    private void store(List<AccessRequest> changedRequests, List<Grant> changedGrants) {
        try {
            store.save(changedRequests, changedGrants);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store access state: " + e.getMessage(), e);
        }
        changedRequests.forEach(r -> requests.put(r.id(), r));
        changedGrants.forEach(g -> grants.put(g.id(), g));
    }

    private Runnable ended(Grant grant, GrantStatus reason) {
        return () -> listeners.forEach(l -> l.onGrantEnded(grant, reason));
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }

    private static void fire(List<Runnable> events) {
        for (Runnable event : events) {
            try {
                event.run();
            } catch (RuntimeException e) {
                log.warn("An access listener failed; the change stands", e);
            }
        }
    }
}
