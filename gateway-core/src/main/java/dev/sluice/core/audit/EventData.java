package dev.sluice.core.audit;

import java.util.List;
import java.util.Map;

/**
 * Writes each kind of {@link SessionEvent} as the {@code data} object of its line: the record's components under
 * their snake_case names, nulls included. Written member by member so the writer thread builds no tree and looks
 * nothing up by reflection for the events every statement produces.
 */
final class EventData {
    private EventData() {
    }

    static void write(JsonLine json, SessionEvent event) {
        if (event instanceof Operation operation) {
            operation(json, operation);
        } else if (event instanceof Outcome outcome) {
            outcome(json, outcome);
        } else if (event instanceof ResultRows result) {
            resultRows(json, result);
        } else if (event instanceof SessionStart start) {
            sessionStart(json, start);
        } else if (event instanceof SessionEnd end) {
            json.beginObject().name("reason").value(end.reason()).endObject();
        } else if (event instanceof TerminalChunk chunk) {
            json.beginObject().name("stream").value(chunk.stream()).name("offset_millis").value(chunk.offsetMillis())
                    .name("text").value(chunk.text()).endObject();
        } else if (event instanceof HttpExchange exchange) {
            httpExchange(json, exchange);
        } else {
            throw new IllegalArgumentException("no encoding for " + event.getClass().getName());
        }
    }

    private static void operation(JsonLine json, Operation operation) {
        json.beginObject().name("text").value(operation.text())
                .name("parameters").strings(operation.parameters())
                .name("action").value(operation.action())
                .name("rule").value(operation.rule())
                .name("approval_ids").strings(operation.approvalIds());
        if (operation.outcome() != null) {
            json.name("outcome");
            outcome(json, operation.outcome());
        }
        json.endObject();
    }

    private static void outcome(JsonLine json, Outcome outcome) {
        json.beginObject().name("command_tag").value(outcome.commandTag())
                .name("rows").value(outcome.rows())
                .name("bytes").value(outcome.bytes())
                .name("duration_millis").value(outcome.durationMillis())
                .name("error_code").value(outcome.errorCode())
                .name("error_message").value(outcome.errorMessage())
                .name("masked_values").counts(outcome.maskedValues())
                .endObject();
    }

    private static void resultRows(JsonLine json, ResultRows result) {
        json.beginObject().name("columns").strings(result.columns()).name("rows").beginArray();
        for (List<String> row : result.rows()) {
            json.strings(row);
        }
        json.endArray().name("truncated").value(result.truncated()).endObject();
    }

    private static void sessionStart(JsonLine json, SessionStart start) {
        json.beginObject().name("session_id").value(start.sessionId())
                .name("subject").value(start.subject())
                .name("groups").strings(start.groups())
                .name("issuer").value(start.issuer())
                .name("client_address").value(start.clientAddress())
                .name("connection").value(start.connection())
                .name("protocol").value(start.protocol())
                .name("client_application").value(start.clientApplication())
                .name("started_at").value(start.startedAt())
                .endObject();
    }

    private static void httpExchange(JsonLine json, HttpExchange exchange) {
        json.beginObject().name("request_line").value(exchange.requestLine()).name("request_headers");
        headers(json, exchange.requestHeaders());
        json.name("request_body").value(exchange.requestBody())
                .name("status").value(exchange.status())
                .name("response_headers");
        headers(json, exchange.responseHeaders());
        json.name("response_body").value(exchange.responseBody()).endObject();
    }

    private static void headers(JsonLine json, Map<String, List<String>> headers) {
        json.beginObject();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            json.name(header.getKey()).strings(header.getValue());
        }
        json.endObject();
    }
}
