package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One line of a recording as read back: the event's data is the JSON its {@link SessionEvent} was written as.
 * Types beyond {@link SessionEvent#type()}: {@code events_dropped} ({@code count}) and {@code seal}.
 */
public record RecordedEvent(long seq, String type, Instant at, JsonNode data, String prev, String hash) {
}
