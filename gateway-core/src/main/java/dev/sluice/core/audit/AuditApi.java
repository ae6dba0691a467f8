package dev.sluice.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.admin.AdminRequest;
import dev.sluice.core.admin.AdminResponse;
import dev.sluice.core.admin.AdminServer;
import dev.sluice.core.admin.BearerAuthentication;
import dev.sluice.core.identity.Identity;
import dev.sluice.core.identity.TokenAuthenticator;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auditors' read-only admin API: {@code GET /api/v1/sessions} (filters {@code subject}, {@code connection},
 * {@code since}, {@code until}, {@code status}, {@code limit}), {@code GET /api/v1/sessions/{id}} (summary and
 * verification) and {@code GET /api/v1/sessions/{id}/events} ({@code offset}, {@code limit}). Every request needs an
 * OIDC bearer token whose identity is in the auditor group.
 *
 * <p>Admin routes answer on the event loop, so these handlers read small files only: the index, one recording.
 * The admin request carries no client address, so authentication is done as for a non-loopback client and the
 * development issuer's tokens are refused here.
 */
public final class AuditApi {
    public static final String PREFIX = "/api/v1/sessions";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final AuditPaths paths;
    private final PublicKey verifyKey;
    private final TokenAuthenticator authenticator;
    private final String auditorGroup;

    public AuditApi(AuditPaths paths, PublicKey verifyKey, TokenAuthenticator authenticator, String auditorGroup) {
        this.paths = paths;
        this.verifyKey = verifyKey;
        this.authenticator = authenticator;
        this.auditorGroup = auditorGroup;
    }

    /** Routes {@value #PREFIX} and below on {@code server}. */
    public void register(AdminServer server) {
        server.route(PREFIX, this::handle);
    }

    AdminResponse handle(AdminRequest request) throws IOException {
        Optional<AdminResponse> refused = authorize(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!request.method().equals("GET")) {
            return AdminResponse.error(405, "method not allowed", Map.of("method", request.method(), "allowed", List.of("GET")));
        }
        String rest = request.path().substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return list(request);
        }
        String[] parts = rest.substring(1).split("/");
        if (!SessionIds.isValid(parts[0]) || parts.length > 2
                || (parts.length == 2 && !parts[1].equals("events") && !parts[1].equals("live"))) {
            return AdminResponse.error(404, "not found", Map.of("path", request.path()));
        }
        if (parts.length == 2 && parts[1].equals("live")) {
            return live(parts[0]);
        }
        return parts.length == 1 ? session(parts[0]) : events(parts[0], request);
    }

    private Optional<AdminResponse> authorize(AdminRequest request) {
        BearerAuthentication.Result result = BearerAuthentication.authenticate(request, authenticator);
        if (result instanceof BearerAuthentication.Refused refused) {
            return Optional.of(refused.response());
        }
        Identity identity = ((BearerAuthentication.Authenticated) result).identity();
        if (!identity.groups().contains(auditorGroup)) {
            return Optional.of(AdminResponse.error(403, identity.subject() + " is not in the auditor group " + auditorGroup,
                    Map.of("subject", identity.subject())));
        }
        return Optional.empty();
    }

    private AdminResponse list(AdminRequest request) throws IOException {
        SessionFilter filter;
        int limit;
        try {
            String status = request.parameter("status");
            filter = new SessionFilter(request.parameter("subject"), request.parameter("connection"),
                    instant(request.parameter("since")), instant(request.parameter("until")),
                    status == null ? null : SessionStatus.parse(status));
            limit = limit(request.parameter("limit"), DEFAULT_LIMIT);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return AdminResponse.error(400, "bad query: " + e.getMessage(), Map.of());
        }
        List<SessionSummary> sessions = SessionIndex.list(paths, filter);
        int from = Math.max(0, sessions.size() - limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", sessions.size());
        body.put("sessions", sessions.subList(from, sessions.size()));
        return json(200, body);
    }

    private AdminResponse session(String id) throws IOException {
        Optional<SessionSummary> summary = SessionIndex.find(paths, id);
        if (summary.isEmpty()) {
            return AdminResponse.error(404, "no such session", Map.of("session", id));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", summary.get());
        body.put("verification", new AuditVerifier(paths, verifyKey).verify(id));
        return json(200, body);
    }

    /** Server-sent events of a session as it is recorded: what is there, then each event as it lands, until the seal. */
    private AdminResponse live(String id) {
        if (!java.nio.file.Files.exists(paths.recording(id))) {
            return AdminResponse.error(404, "no recording for this session", Map.of("session", id));
        }
        return AdminResponse.eventStream(new LiveTail(paths.recording(id)));
    }

    private AdminResponse events(String id, AdminRequest request) throws IOException {
        if (!java.nio.file.Files.exists(paths.recording(id))) {
            return AdminResponse.error(404, "no recording for this session", Map.of("session", id));
        }
        int offset;
        int limit;
        try {
            offset = request.parameter("offset") == null ? 0 : Integer.parseInt(request.parameter("offset"));
            limit = limit(request.parameter("limit"), MAX_LIMIT);
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, "bad query: " + e.getMessage(), Map.of());
        }
        List<RecordedEvent> events = RecordingReader.read(paths.recording(id)).events();
        int from = Math.min(Math.max(0, offset), events.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", id);
        body.put("offset", from);
        body.put("total", events.size());
        body.put("events", events.subList(from, Math.min(events.size(), from + limit)));
        return json(200, body);
    }

    private static int limit(String text, int fallback) {
        int limit = text == null ? fallback : Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", got " + text);
        }
        return limit;
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static AdminResponse json(int status, Object body) {
        try {
            return new AdminResponse(status, AdminResponse.JSON, ChainedLines.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit API's answer as JSON", e);
        }
    }
}
