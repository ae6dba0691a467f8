package dev.sluice.postgres.enforce;

import dev.sluice.core.access.AccessListener;
import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.AccessService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes the statements held for approval: each waits for its request to stop being pending (approved, denied,
 * expired or cancelled). One per protocol module, listening to the access service.
 */
public final class Answers implements AccessListener {
    private final AccessService access;
    private final ConcurrentMap<String, CompletableFuture<AccessRequest>> waiting = new ConcurrentHashMap<>();

    public Answers(AccessService access) {
        this.access = access;
        access.addListener(this);
    }

    /** Completes with the request once it is no longer pending; at once if it already is not. */
    CompletableFuture<AccessRequest> await(String requestId) {
        CompletableFuture<AccessRequest> answer = waiting.computeIfAbsent(requestId, id -> new CompletableFuture<>());
        // An answer may have come between opening the request and waiting for it.
        access.findRequest(requestId).filter(r -> !r.pending()).ifPresent(this::onAnswer);
        return answer;
    }

    /** Statements waiting now, for metrics and tests. */
    public int waiting() {
        return waiting.size();
    }

    @Override
    public void onAnswer(AccessRequest request) {
        if (!request.pending()) {
            CompletableFuture<AccessRequest> answer = waiting.remove(request.id());
            if (answer != null) {
                answer.complete(request);
            }
        }
    }
}
