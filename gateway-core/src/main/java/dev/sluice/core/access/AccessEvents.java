package dev.sluice.core.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.admin.EventSink;
import dev.sluice.core.identity.Identity;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Streams access changes to admin API clients as server-sent events, so a console updates the moment a request is
 * made or answered or a grant ends: {@code request.created}, {@code request.answered} and {@code grant.ended},
 * each with the request or grant as JSON. Each subscriber gets only what it may see.
 */
final class AccessEvents implements AccessListener {
    /** Bounds how many consoles follow at once; each costs a connection and a send per change. */
    static final int MAX_SUBSCRIBERS = 100;

    private record Subscriber(Identity caller, EventSink sink) {}

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final BiPredicate<Identity, AccessRequest> canSeeRequest;
    private final BiPredicate<Identity, Grant> canSeeGrant;

    AccessEvents(BiPredicate<Identity, AccessRequest> canSeeRequest, BiPredicate<Identity, Grant> canSeeGrant) {
        this.canSeeRequest = canSeeRequest;
        this.canSeeGrant = canSeeGrant;
    }

    /** @return false when too many consoles follow already */
    boolean subscribe(Identity caller, EventSink sink) {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            return false;
        }
        Subscriber subscriber = new Subscriber(caller, sink);
        subscribers.add(subscriber);
        sink.onClose(() -> subscribers.remove(subscriber));
        sink.send("ready", "{}");
        return true;
    }

    @Override
    public void onRequest(AccessRequest request) {
        publish("request.created", "request", request, s -> canSeeRequest.test(s.caller(), request));
    }

    @Override
    public void onAnswer(AccessRequest request) {
        publish("request.answered", "request", request, s -> canSeeRequest.test(s.caller(), request));
    }

    @Override
    public void onGrantEnded(Grant grant, GrantStatus reason) {
        publish("grant.ended", "grant", grant, s -> canSeeGrant.test(s.caller(), grant));
    }

    private void publish(String event, String key, Object value, java.util.function.Predicate<Subscriber> visible) {
        if (subscribers.isEmpty()) {
            return;
        }
        String data;
        try {
            data = AccessJson.MAPPER.writeValueAsString(Map.of(key, value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an access event as JSON", e);
        }
        for (Subscriber subscriber : subscribers) {
            if (visible.test(subscriber) && !subscriber.sink().send(event, data)) {
                subscribers.remove(subscriber);
            }
        }
    }
}
