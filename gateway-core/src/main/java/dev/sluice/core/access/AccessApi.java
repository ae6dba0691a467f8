package dev.sluice.core.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.admin.AdminRequest;
import dev.sluice.core.admin.AdminResponse;
import dev.sluice.core.admin.AdminServer;
import dev.sluice.core.admin.BearerAuthentication;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.identity.TokenAuthenticator;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The just-in-time access API on the admin server; every call needs an OIDC bearer token, whose identity is the
 * requester, approver or revoker.
 *
 * <pre>
 * POST /api/v1/requests                    make a request (body: connection, scope, statement, ttl, uses, use_unit, reason)
 * GET  /api/v1/requests?status=pending     requests the caller made or may answer (all, for the admin group)
 * GET  /api/v1/requests/{id}
 * POST /api/v1/requests/{id}/approve       body {"comment": ...}
 * POST /api/v1/requests/{id}/deny          body {"comment": ...}
 * POST /api/v1/requests/{id}/cancel        the requester withdraws it
 * GET  /api/v1/grants?status=active        grants the caller holds or could have approved (all, for the admin group)
 * GET  /api/v1/grants/{id}
 * POST /api/v1/grants/{id}/revoke          body {"reason": ...}; the holder, an approver group member or an admin
 * GET  /api/v1/requests/events             server-sent events: request.created, request.answered, grant.ended
 * </pre>
 *
 * Refusals are JSON {@code {"error": ..., "kind": ...}}: 400 invalid, 401 no or bad token, 403 self-approval or not an
 * approver, 404 unknown (or not visible to the caller), 409 already answered or ended, 429 too many pending requests,
 * 503 the state cannot be stored. Handlers answer from memory and write only the store's small file.
 */
public final class AccessApi {
    public static final String REQUESTS = "/api/v1/requests";
    public static final String GRANTS = "/api/v1/grants";
    /** Under {@value #REQUESTS}: the stream of access events. */
    static final String EVENTS = "events";
    private static final Logger log = LoggerFactory.getLogger(AccessApi.class);

    private final AccessService access;
    private final TokenAuthenticator authenticator;
    private final String adminGroup;
    private final AccessEvents events;

    /** @param adminGroup members see every request and grant and may revoke any grant; null for nobody */
    public AccessApi(AccessService access, TokenAuthenticator authenticator, String adminGroup) {
        this.access = access;
        this.authenticator = authenticator;
        this.adminGroup = adminGroup;
        this.events = new AccessEvents(this::canSee, this::canSee);
        access.addListener(events);
    }

    /** Routes {@value #REQUESTS} and {@value #GRANTS} and below on {@code server}. */
    public void register(AdminServer server) {
        server.route(REQUESTS, this::handleRequests);
        server.route(GRANTS, this::handleGrants);
    }

    AdminResponse handleRequests(AdminRequest http) {
        return authenticated(http, (caller, parts) -> {
            if (parts.length == 1 && parts[0].equals(EVENTS)) {
                if (!http.method().equals("GET")) {
                    return notAllowed(http, "GET");
                }
                return AdminResponse.eventStream(sink -> {
                    if (!events.subscribe(caller, sink)) {
                        sink.send("error", "{\"error\":\"too many consoles follow access events\"}");
                        sink.close();
                    }
                });
            }
            if (parts.length == 0) {
                return switch (http.method()) {
                    case "GET" -> listRequests(caller, http.parameter("status"));
                    case "POST" -> json(201, Map.of("request", access.request(caller, RequestBody.newRequest(http.body()))));
                    default -> notAllowed(http, "GET", "POST");
                };
            }
            AccessRequest request = visibleRequest(caller, parts[0]);
            if (parts.length == 1) {
                return http.method().equals("GET") ? json(200, Map.of("request", request)) : notAllowed(http, "GET");
            }
            if (parts.length > 2 || !http.method().equals("POST")) {
                return parts.length > 2 ? notFound(http) : notAllowed(http, "POST");
            }
            String comment = RequestBody.comment(http.body(), "comment");
            AccessRequest answered = switch (parts[1]) {
                case "approve" -> access.approve(request.id(), caller, comment);
                case "deny" -> access.deny(request.id(), caller, comment);
                case "cancel" -> access.cancel(request.id(), caller);
                default -> null;
            };
            if (answered == null) {
                return notFound(http);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("request", answered);
            body.put("grant", answered.grantId() == null ? null : access.findGrant(answered.grantId()).orElse(null));
            return json(200, body);
        });
    }

    AdminResponse handleGrants(AdminRequest http) {
        return authenticated(http, (caller, parts) -> {
            if (parts.length == 0) {
                if (!http.method().equals("GET")) {
                    return notAllowed(http, "GET");
                }
                String status = http.parameter("status");
                GrantStatus wanted = status == null ? null : parseGrantStatus(status);
                List<Grant> grants = access.grants().stream()
                        .filter(g -> wanted == null || g.status() == wanted)
                        .filter(g -> canSee(caller, g)).toList();
                return json(200, Map.of("grants", grants));
            }
            Grant grant = access.findGrant(parts[0]).filter(g -> canSee(caller, g))
                    .orElseThrow(() -> new AccessException(AccessException.Kind.NOT_FOUND, "no grant " + parts[0]));
            if (parts.length == 1) {
                return http.method().equals("GET") ? json(200, Map.of("grant", grant)) : notAllowed(http, "GET");
            }
            if (parts.length > 2 || !parts[1].equals("revoke")) {
                return notFound(http);
            }
            if (!http.method().equals("POST")) {
                return notAllowed(http, "POST");
            }
            return json(200, Map.of("grant", access.revoke(grant.id(), caller.subject(), RequestBody.comment(http.body(), "reason"))));
        });
    }

    @FunctionalInterface
    private interface Handler {
        AdminResponse handle(Identity caller, String[] pathAfterPrefix);
    }

    private AdminResponse authenticated(AdminRequest http, Handler handler) {
        BearerAuthentication.Result result = BearerAuthentication.authenticate(http, authenticator);
        if (result instanceof BearerAuthentication.Refused refused) {
            return refused.response();
        }
        Identity caller = ((BearerAuthentication.Authenticated) result).identity();
        String prefix = http.path().startsWith(GRANTS) ? GRANTS : REQUESTS;
        String rest = http.path().substring(prefix.length());
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
        if (parts.length > 0 && !AccessService.ID.matcher(parts[0]).matches()
                && !(prefix.equals(REQUESTS) && parts.length == 1 && parts[0].equals(EVENTS))) {
            return notFound(http);
        }
        try {
            return handler.handle(caller, parts);
        } catch (AccessException e) {
            return AdminResponse.error(status(e.kind()), e.getMessage(), Map.of("kind", e.kind().name().toLowerCase(Locale.ROOT)));
        } catch (UncheckedIOException e) {
            log.error("Access state cannot be stored; refusing the change", e);
            return AdminResponse.error(503, "the access state cannot be stored; nothing was changed", Map.of());
        }
    }

    private AdminResponse listRequests(Identity caller, String status) {
        RequestStatus wanted;
        try {
            wanted = status == null ? null : RequestStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw new AccessException(AccessException.Kind.INVALID, e.getMessage());
        }
        List<AccessRequest> visible = access.requests(wanted).stream().filter(r -> canSee(caller, r)).toList();
        return json(200, Map.of("requests", visible));
    }

    private AccessRequest visibleRequest(Identity caller, String id) {
        return access.findRequest(id).filter(r -> canSee(caller, r))
                .orElseThrow(() -> new AccessException(AccessException.Kind.NOT_FOUND, "no request " + id));
    }

    private boolean admin(Identity caller) {
        return adminGroup != null && caller.groups().contains(adminGroup);
    }

    private boolean canSee(Identity caller, AccessRequest request) {
        return admin(caller) || request.requester().equals(caller.subject())
                || request.approvers().stream().anyMatch(caller.groups()::contains);
    }

    private boolean canSee(Identity caller, Grant grant) {
        return admin(caller) || grant.subject().equals(caller.subject())
                || access.findRequest(grant.requestId()).map(r -> r.approvers().stream().anyMatch(caller.groups()::contains)).orElse(false);
    }

    private static GrantStatus parseGrantStatus(String text) {
        try {
            return GrantStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AccessException(AccessException.Kind.INVALID, "a grant status is active, expired, exhausted or revoked, got \"" + text + "\"");
        }
    }

    private static int status(AccessException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case SELF_APPROVAL, FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case TOO_MANY -> 429;
        };
    }

    private static AdminResponse notFound(AdminRequest http) {
        return AdminResponse.error(404, "not found", Map.of("path", http.path()));
    }

    private static AdminResponse notAllowed(AdminRequest http, String... allowed) {
        return AdminResponse.error(405, "method not allowed", Map.of("method", http.method(), "allowed", List.of(allowed)));
    }

    private static AdminResponse json(int status, Object body) {
        try {
            return new AdminResponse(status, AdminResponse.JSON, AccessJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the access API's answer as JSON", e);
        }
    }
}
