package dev.sluice.core.audit;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request and its response as proxied, for the HTTP protocol module. Header values and bodies are
 * recorded as given: the caller drops credentials and masks bodies first.
 *
 * @param requestLine {@code GET /api/v1/namespaces/default/pods HTTP/1.1}
 * @param responseBody possibly cut short by the caller
 */
public record HttpExchange(String requestLine, Map<String, List<String>> requestHeaders, String requestBody,
        int status, Map<String, List<String>> responseHeaders, String responseBody) implements SessionEvent {
    public HttpExchange {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    @Override
    public String type() {
        return "http_exchange";
    }
}
