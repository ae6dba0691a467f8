package dev.sluice.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a recording's events for display, without judging them; {@link AuditVerifier} judges. */
public final class RecordingReader {
    private RecordingReader() {
    }

    /**
     * The recording's events up to the first line that is torn or not an event line.
     *
     * @param complete false when reading stopped early (torn or damaged line)
     */
    public record Contents(List<RecordedEvent> events, boolean complete) {
        public Contents {
            events = List.copyOf(events);
        }

        public boolean sealed() {
            return !events.isEmpty() && events.get(events.size() - 1).type().equals("seal");
        }
    }

    public static Contents read(Path file) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        boolean torn = splitLines(Files.readAllBytes(file), lines);
        for (byte[] line : lines) {
            ChainedLines.Parsed parsed;
            try {
                parsed = ChainedLines.parse(line);
            } catch (IllegalArgumentException e) {
                return new Contents(events, false);
            }
            events.add(toEvent(parsed));
        }
        return new Contents(events, !torn);
    }

    static RecordedEvent toEvent(ChainedLines.Parsed parsed) {
        Instant at;
        try {
            at = Instant.parse(parsed.body().path("at").asText());
        } catch (RuntimeException e) {
            at = null;
        }
        return new RecordedEvent(parsed.seq(), parsed.type(), at, parsed.body().path("data"), parsed.prev(), parsed.hash());
    }

    /**
     * Splits at {@code \n}; returns whether bytes after the last newline (a torn line) were left out.
     */
    static boolean splitLines(byte[] content, List<byte[]> lines) {
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(Arrays.copyOfRange(content, start, i));
                start = i + 1;
            }
        }
        return start < content.length;
    }
}
