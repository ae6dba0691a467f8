package dev.sluice.core.audit;

import java.util.List;
import java.util.Map;

/**
 * Writes each kind of {@link SessionEvent} as the {@code data} object of its line: the record's components under
 * their snake_case names, nulls included. Written member by member so the writer thread builds no tree and looks
 * nothing up by reflection for the events every statement produces.
 */
final class EventData {
    private static final byte[] ACTION = JsonLine.key("action");
    private static final byte[] APPROVAL_IDS = JsonLine.key("approval_ids");
    private static final byte[] BYTES = JsonLine.key("bytes");
    private static final byte[] CLIENT_ADDRESS = JsonLine.key("client_address");
    private static final byte[] CLIENT_APPLICATION = JsonLine.key("client_application");
    private static final byte[] COLUMNS = JsonLine.key("columns");
    private static final byte[] COMMAND_TAG = JsonLine.key("command_tag");
    private static final byte[] CONNECTION = JsonLine.key("connection");
    private static final byte[] DURATION_MILLIS = JsonLine.key("duration_millis");
    private static final byte[] ERROR_CODE = JsonLine.key("error_code");
    private static final byte[] ERROR_MESSAGE = JsonLine.key("error_message");
    private static final byte[] GROUPS = JsonLine.key("groups");
    private static final byte[] ISSUER = JsonLine.key("issuer");
    private static final byte[] MASKED_VALUES = JsonLine.key("masked_values");
    private static final byte[] OFFSET_MILLIS = JsonLine.key("offset_millis");
    private static final byte[] OUTCOME = JsonLine.key("outcome");
    private static final byte[] PARAMETERS = JsonLine.key("parameters");
    private static final byte[] PROTOCOL = JsonLine.key("protocol");
    private static final byte[] REASON = JsonLine.key("reason");
    private static final byte[] REQUEST_BODY = JsonLine.key("request_body");
    private static final byte[] REQUEST_HEADERS = JsonLine.key("request_headers");
    private static final byte[] REQUEST_LINE = JsonLine.key("request_line");
    private static final byte[] RESPONSE_BODY = JsonLine.key("response_body");
    private static final byte[] RESPONSE_HEADERS = JsonLine.key("response_headers");
    private static final byte[] ROWS = JsonLine.key("rows");
    private static final byte[] RULE = JsonLine.key("rule");
    private static final byte[] SESSION_ID = JsonLine.key("session_id");
    private static final byte[] STARTED_AT = JsonLine.key("started_at");
    private static final byte[] STATUS = JsonLine.key("status");
    private static final byte[] STREAM = JsonLine.key("stream");
    private static final byte[] SUBJECT = JsonLine.key("subject");
    private static final byte[] TEXT = JsonLine.key("text");
    private static final byte[] TRUNCATED = JsonLine.key("truncated");

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
            json.beginObject().name(REASON).value(end.reason()).endObject();
        } else if (event instanceof TerminalChunk chunk) {
            json.beginObject().name(STREAM).value(chunk.stream()).name(OFFSET_MILLIS).value(chunk.offsetMillis())
                    .name(TEXT).value(chunk.text()).endObject();
        } else if (event instanceof HttpExchange exchange) {
            httpExchange(json, exchange);
        } else {
            throw new IllegalArgumentException("no encoding for " + event.getClass().getName());
        }
    }

    private static void operation(JsonLine json, Operation operation) {
        json.beginObject().name(TEXT).value(operation.text())
                .name(PARAMETERS).strings(operation.parameters())
                .name(ACTION).value(operation.action())
                .name(RULE).value(operation.rule())
                .name(APPROVAL_IDS).strings(operation.approvalIds());
        if (operation.outcome() != null) {
            json.name(OUTCOME);
            outcome(json, operation.outcome());
        }
        json.endObject();
    }

    private static void outcome(JsonLine json, Outcome outcome) {
        json.beginObject().name(COMMAND_TAG).value(outcome.commandTag())
                .name(ROWS).value(outcome.rows())
                .name(BYTES).value(outcome.bytes())
                .name(DURATION_MILLIS).value(outcome.durationMillis())
                .name(ERROR_CODE).value(outcome.errorCode())
                .name(ERROR_MESSAGE).value(outcome.errorMessage())
                .name(MASKED_VALUES).counts(outcome.maskedValues())
                .endObject();
    }

    private static void resultRows(JsonLine json, ResultRows result) {
        json.beginObject().name(COLUMNS).strings(result.columns()).name(ROWS).beginArray();
        for (List<String> row : result.rows()) {
            json.strings(row);
        }
        json.endArray().name(TRUNCATED).value(result.truncated()).endObject();
    }

    private static void sessionStart(JsonLine json, SessionStart start) {
        json.beginObject().name(SESSION_ID).value(start.sessionId())
                .name(SUBJECT).value(start.subject())
                .name(GROUPS).strings(start.groups())
                .name(ISSUER).value(start.issuer())
                .name(CLIENT_ADDRESS).value(start.clientAddress())
                .name(CONNECTION).value(start.connection())
                .name(PROTOCOL).value(start.protocol())
                .name(CLIENT_APPLICATION).value(start.clientApplication())
                .name(STARTED_AT).value(start.startedAt())
                .endObject();
    }

    private static void httpExchange(JsonLine json, HttpExchange exchange) {
        json.beginObject().name(REQUEST_LINE).value(exchange.requestLine()).name(REQUEST_HEADERS);
        headers(json, exchange.requestHeaders());
        json.name(REQUEST_BODY).value(exchange.requestBody())
                .name(STATUS).value(exchange.status())
                .name(RESPONSE_HEADERS);
        headers(json, exchange.responseHeaders());
        json.name(RESPONSE_BODY).value(exchange.responseBody()).endObject();
    }

    private static void headers(JsonLine json, Map<String, List<String>> headers) {
        json.beginObject();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            json.name(header.getKey()).strings(header.getValue());
        }
        json.endObject();
    }
}
