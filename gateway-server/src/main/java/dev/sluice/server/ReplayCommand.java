package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.audit.AuditPaths;
import dev.sluice.core.audit.RecordedEvent;
import dev.sluice.core.audit.RecordingReader;
import dev.sluice.core.audit.SessionIds;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = {
    "Show a recorded session as its user saw it: statements, refusals, result tables (as masked and recorded), row counts.",
    "Terminal sessions print their output; HTTP sessions their requests."})
final class ReplayCommand implements Callable<Integer> {
    /** With {@code --pace realtime}, a pause longer than this is shortened to it. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    @Mixin
    AuditDataOptions data;

    @Parameters(paramLabel = "ID", description = "The session id.")
    String sessionId;

    @Option(names = "--pace", description = "instant (default) or realtime (pauses as recorded, at most 5s each).")
    String pace = "instant";

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!pace.equals("instant") && !pace.equals("realtime")) {
            System.err.println("sluice: --pace: expected instant or realtime, got \"" + pace + "\"");
            return Configs.INVALID;
        }
        Optional<AuditPaths> paths = data.paths();
        if (paths.isEmpty()) {
            return Configs.INVALID;
        }
        if (!SessionIds.isValid(sessionId) || !Files.exists(paths.get().recording(sessionId))) {
            System.err.println("sluice: no recording for session " + sessionId);
            return 1;
        }
        List<RecordedEvent> events = RecordingReader.read(paths.get().recording(sessionId)).events();
        PrintStream out = System.out;
        String prompt = "=> ";
        Instant previous = null;
        JsonNode pendingOperation = null;
        List<JsonNode> results = new ArrayList<>();
        for (RecordedEvent event : events) {
            if (pace.equals("realtime") && previous != null && event.at() != null) {
                Duration gap = Duration.between(previous, event.at());
                if (!gap.isNegative()) {
                    Thread.sleep(Math.min(gap.toMillis(), MAX_PAUSE.toMillis()));
                }
            }
            previous = event.at() != null ? event.at() : previous;
            JsonNode eventData = event.data();
            switch (event.type()) {
                case "session_start" -> {
                    prompt = eventData.path("connection").asText() + "=> ";
                    out.println("-- " + eventData.path("subject").asText() + " on " + eventData.path("connection").asText()
                            + " (" + eventData.path("protocol").asText() + ", " + eventData.path("client_application").asText("?")
                            + ") at " + eventData.path("started_at").asText());
                }
                case "operation" -> {
                    finishPending(out, pendingOperation, results, null);
                    pendingOperation = eventData;
                    results.clear();
                    String text = eventData.path("text").asText().strip();
                    out.println();
                    out.println(prompt + text + (text.endsWith(";") ? "" : ";"));
                    if (!eventData.path("approval_ids").isEmpty()) {
                        out.println("-- held for approval; approved by " + eventData.path("approval_ids"));
                    }
                    if (eventData.hasNonNull("outcome")) {
                        finishPending(out, eventData, results, eventData.get("outcome"));
                        pendingOperation = null;
                    }
                }
                case "result_rows" -> results.add(eventData);
                case "outcome" -> {
                    finishPending(out, pendingOperation, results, eventData);
                    pendingOperation = null;
                    results.clear();
                }
                case "terminal" -> {
                    if (!eventData.path("stream").asText().equals("i")) {
                        out.print(eventData.path("text").asText());
                    }
                }
                case "http_exchange" -> out.println(eventData.path("request_line").asText() + "  -> " + eventData.path("status").asInt());
                case "events_dropped" -> out.println("-- " + eventData.path("count").asLong() + " event(s) missing here (recording queue full)");
                case "session_end" -> {
                    finishPending(out, pendingOperation, results, null);
                    pendingOperation = null;
                    out.println();
                    out.println("-- session ended: " + eventData.path("reason").asText());
                }
                default -> {
                }
            }
        }
        finishPending(out, pendingOperation, results, null);
        out.flush();
        return 0;
    }

    /** Prints what the user saw for an operation: its result table and tag, its error, or the refusal. */
    private static void finishPending(PrintStream out, JsonNode operation, List<JsonNode> results, JsonNode outcome) {
        if (operation == null) {
            return;
        }
        for (JsonNode result : results) {
            ResultTable.print(out, result);
        }
        if (outcome != null && (outcome.hasNonNull("error_code") || outcome.hasNonNull("error_message"))) {
            out.println("ERROR:  " + outcome.path("error_message").asText() + "  (SQLSTATE " + outcome.path("error_code").asText("?") + ")");
        } else if (outcome == null && !operation.path("action").asText().equals("allow")) {
            out.println("ERROR:  refused by rule " + operation.path("rule").asText("?") + " (" + operation.path("action").asText() + ")");
        } else if (outcome != null) {
            long rows = outcome.path("rows").asLong(-1);
            if (!results.isEmpty() && rows >= 0) {
                out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
            } else if (outcome.hasNonNull("command_tag")) {
                out.println(outcome.path("command_tag").asText());
            }
        }
    }
}
