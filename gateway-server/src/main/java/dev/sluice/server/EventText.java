package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.audit.RecordedEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** One recorded event as a line of a session's timeline. */
final class EventText {
    private EventText() {
    }

    static String describe(RecordedEvent event) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case "session_start" -> data.path("subject").asText() + " " + list(data.path("groups"), "(", ")")
                    + " from " + data.path("client_address").asText("?") + " via " + data.path("client_application").asText("?")
                    + " to " + data.path("connection").asText() + " [" + data.path("protocol").asText() + "], issuer "
                    + data.path("issuer").asText("?");
            case "operation" -> data.path("action").asText().toUpperCase(java.util.Locale.ROOT) + " by rule "
                    + data.path("rule").asText("?") + ": " + oneLine(data.path("text").asText())
                    + (data.path("parameters").isEmpty() ? "" : " " + list(data.path("parameters"), "params [", "]"))
                    + (data.path("approval_ids").isEmpty() ? "" : " " + list(data.path("approval_ids"), "approved by [", "]"))
                    + (data.hasNonNull("outcome") ? " -> " + outcome(data.get("outcome")) : "");
            case "outcome" -> outcome(data);
            case "result_rows" -> data.path("rows").size() + " row(s) x " + data.path("columns").size() + " column(s) recorded"
                    + (data.path("truncated").asBoolean() ? " (more not recorded)" : "");
            case "session_end" -> "reason: " + data.path("reason").asText();
            case "events_dropped" -> data.path("count").asLong() + " event(s) dropped here (queue full); recording incomplete";
            case "seal" -> "sealed after " + data.path("events").asLong() + " event(s), key " + data.path("key").asText();
            case "terminal" -> (data.path("stream").asText().equals("i") ? "input " : "output ") + oneLine(data.path("text").asText());
            case "http_exchange" -> data.path("request_line").asText() + " -> " + data.path("status").asInt();
            default -> data.toString();
        };
    }

    static String outcome(JsonNode data) {
        StringBuilder text = new StringBuilder();
        if (data.hasNonNull("error_code") || data.hasNonNull("error_message")) {
            text.append("ERROR ").append(data.path("error_code").asText("?")).append(": ").append(data.path("error_message").asText());
        } else {
            text.append(data.path("command_tag").asText("done"));
            if (data.path("rows").asLong(-1) >= 0) {
                text.append(", ").append(data.path("rows").asLong()).append(" row(s)");
            }
            text.append(", ").append(data.path("bytes").asLong()).append(" bytes");
        }
        text.append(", ").append(data.path("duration_millis").asLong()).append(" ms");
        List<String> masked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("masked_values").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            masked.add(entry.getKey() + "=" + entry.getValue().asLong());
        }
        if (!masked.isEmpty()) {
            masked.sort(null);
            text.append(", masked ").append(String.join(" ", masked));
        }
        return text.toString();
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String list(JsonNode array, String open, String close) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isNull() ? "NULL" : value.asText()));
        return open + String.join(",", values) + close;
    }
}
