package dev.sluice.core.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An admin HTTP request, fully read (bodies are small and bounded).
 *
 * @param path the decoded path without the query
 * @param parameters query parameters by name
 * @param headers header values by lower-case name
 */
public record AdminRequest(String method, String path, Map<String, List<String>> parameters, Map<String, List<String>> headers, byte[] body) {
    public AdminRequest {
        parameters = Map.copyOf(parameters);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
