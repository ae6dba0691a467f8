package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer's hand-written JSON reads back as the events' own components, whatever the text holds. */
class EventDataTest {
    private static final String AWKWARD = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 del \u007f"
            + " é ü 中文 emoji \uD83D\uDE00 lone \uD800 end";

    @Test
    void everyKindOfEventReadsBackAsJacksonWouldHaveWrittenIt() throws Exception {
        List<SessionEvent> events = List.of(
                new SessionStart("s-1", "alice", List.of("dba", "ops"), null, "10.0.0.1:5555", "orders", "postgres",
                        AWKWARD, Instant.parse("2026-11-20T09:00:00.123456789Z")),
                new Operation("SELECT $1, $2 -- " + AWKWARD, Arrays.asList("1", null, AWKWARD), "allow", "r", List.of("a-1")),
                Operation.of("SELECT 1", "allow", "r")
                        .withOutcome(Outcome.success("SELECT 1", 1, 42, Duration.ofMillis(3), Map.of("email", 2L))),
                Outcome.failure("42P01", "relation " + AWKWARD, Duration.ofMillis(-1)),
                new Outcome(null, Long.MIN_VALUE, Long.MAX_VALUE, 0, null, null, Map.of()),
                new ResultRows(List.of("id", "email"), List.of(Arrays.asList("1", null), List.of("2", AWKWARD)), true),
                new SessionEnd("client closed"),
                new TerminalChunk("o", 1234, AWKWARD),
                new HttpExchange("GET / HTTP/1.1", Map.of("accept", List.of("a", "b")), null, 200, Map.of(), "{}"));
        for (SessionEvent event : events) {
            JsonLine json = new JsonLine();
            EventData.write(json, event);
            JsonNode written = ChainedLines.MAPPER.readTree(Arrays.copyOf(json.array(), json.size()));

            JsonNode expected = ChainedLines.MAPPER.valueToTree(event);
            // A Java string may hold a lone surrogate; UTF-8 cannot, so the writer puts ? in its place.
            expected = ChainedLines.MAPPER.readTree(ChainedLines.MAPPER.writeValueAsString(expected)
                    .replace("\uD800", "?"));
            assertThat(written).as(event.type()).isEqualTo(withoutOutcomeIfNull(expected));
        }
    }

    @Test
    void instantsAreWrittenAsInstantToStringWrites() throws Exception {
        JsonLine json = new JsonLine();
        List<Instant> instants = List.of(Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T09:00:00.100Z"),
                Instant.parse("2026-11-20T09:00:00.000100Z"), Instant.parse("2026-11-20T09:00:00.000000001Z"),
                Instant.parse("2026-11-20T09:00:01.5Z"), Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"));
        json.beginArray();
        instants.forEach(json::value);
        json.endArray();

        JsonNode written = ChainedLines.MAPPER.readTree(new String(json.array(), 0, json.size(), StandardCharsets.UTF_8));

        for (int i = 0; i < instants.size(); i++) {
            assertThat(written.get(i).asText()).isEqualTo(instants.get(i).toString());
        }
    }

    @Test
    void tokensInAnyStringAreRedacted() throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
        JsonLine json = new JsonLine();
        EventData.write(json, new Operation("SELECT '" + jwt + "'", List.of("Bearer abcdefghijklmnop"), "allow", "r",
                List.of()));

        String written = new String(json.array(), 0, json.size(), StandardCharsets.UTF_8);

        assertThat(written).doesNotContain(jwt).doesNotContain("abcdefghijklmnop").contains(Redaction.MASK);
    }

    /** Jackson writes a null outcome as a member; the writer leaves it out, which readers treat alike. */
    private static JsonNode withoutOutcomeIfNull(JsonNode expected) {
        if (expected.has("outcome") && expected.get("outcome").isNull()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("outcome");
        }
        return expected;
    }
}
