package dev.sluice.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an admin route answers: a status, a content type and the whole body; or, with {@code events}, a stream of
 * server-sent events.
 */
public record AdminResponse(int status, String contentType, byte[] body, EventStream events) {
    public static final String JSON = "application/json";
    public static final String EVENT_STREAM = "text/event-stream";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public AdminResponse {
        body = body.clone();
    }

    public AdminResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    /** A 200 answer whose body is the events {@code stream} sends, for as long as it keeps the stream open. */
    public static AdminResponse eventStream(EventStream stream) {
        return new AdminResponse(200, EVENT_STREAM, new byte[0], stream);
    }

    /** {@code body} serialised with Jackson: maps, lists, records, strings, numbers. */
    public static AdminResponse json(int status, Object body) {
        try {
            return new AdminResponse(status, JSON, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getName() + " as JSON", e);
        }
    }

    /** A JSON {@code {"error": message}} with extra fields, the shape of every admin error. */
    public static AdminResponse error(int status, String message, Map<String, ?> details) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
        return json(status, body);
    }

    public static AdminResponse text(int status, String contentType, String body) {
        return new AdminResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
