package dev.sluice.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.access.AccessException.Kind;
import dev.sluice.core.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the JSON bodies of the access API: {@code {"connection": "orders", "scope": ["read"], "statement": null,
 * "ttl": "15m", "uses": 1, "use_unit": "operations", "reason": "..."}} and {@code {"comment": "..."}}. Unknown
 * fields are refused, so a misspelt {@code "uses"} does not silently mean unlimited.
 */
final class RequestBody {
    private static final Set<String> REQUEST_FIELDS = Set.of("connection", "scope", "statement", "ttl", "uses", "use_unit", "reason");

    private RequestBody() {
    }

    static NewRequest newRequest(byte[] body) {
        JsonNode json = object(body);
        json.fieldNames().forEachRemaining(name -> {
            if (!REQUEST_FIELDS.contains(name)) {
                throw invalid("unknown field \"" + name + "\"; a request has " + String.join(", ", REQUEST_FIELDS.stream().sorted().toList()));
            }
        });
        Set<String> operations = new LinkedHashSet<>();
        JsonNode scope = json.path("scope");
        if (scope.isMissingNode() || scope.isNull()) {
            operations.add(Scope.READ);
        } else if (scope.isTextual()) {
            operations.add(scope.asText());
        } else if (scope.isArray()) {
            scope.forEach(kind -> operations.add(kind.asText()));
        } else {
            throw invalid("scope is an operation kind or a list of them");
        }
        Duration ttl;
        try {
            ttl = Durations.parse(text(json, "ttl"));
        } catch (IllegalArgumentException e) {
            throw invalid("ttl: " + e.getMessage());
        }
        Integer uses = null;
        if (json.hasNonNull("uses")) {
            if (!json.get("uses").canConvertToInt() || !json.get("uses").isIntegralNumber()) {
                throw invalid("uses is a whole number");
            }
            uses = json.get("uses").intValue();
        }
        UseUnit unit = null;
        if (json.hasNonNull("use_unit")) {
            try {
                unit = UseUnit.valueOf(json.get("use_unit").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid("use_unit is sessions or operations, got \"" + json.get("use_unit").asText() + "\"");
            }
        }
        try {
            Scope parsed = new Scope(operations, json.hasNonNull("statement") ? json.get("statement").asText() : null);
            return new NewRequest(text(json, "connection"), parsed, ttl, uses, unit, text(json, "reason"));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The optional {@code comment} (or {@code reason}) of an answer or revocation; an empty body has none. */
    static String comment(byte[] body, String field) {
        if (body.length == 0) {
            return null;
        }
        JsonNode json = object(body);
        return json.hasNonNull(field) ? json.get(field).asText() : null;
    }

    private static JsonNode object(byte[] body) {
        JsonNode json;
        try {
            json = AccessJson.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("the body is not JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw invalid("the body is a JSON object");
        }
        return json;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(field + " is required, as a string");
        }
        return value.asText();
    }

    private static AccessException invalid(String message) {
        return new AccessException(Kind.INVALID, message);
    }
}
