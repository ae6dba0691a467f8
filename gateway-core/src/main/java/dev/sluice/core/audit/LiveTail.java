package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.admin.EventSink;
import dev.sluice.core.admin.EventStream;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one recording as it is written: sends every event already there, then each new one as it lands, as
 * server-sent events named after the event type with the recorded line as data (so a follower can check the
 * hashes). Ends after the seal, or when the follower goes away.
 */
final class LiveTail implements EventStream {
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    /** Most bytes read per poll, so one busy session cannot hog the poller. */
    static final int MAX_READ = 1 << 20;
    private static final ScheduledExecutorService POLLER =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("sluice-audit-live", true));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;

    LiveTail(Path file) {
        this.file = file;
    }

    @Override
    public void start(EventSink sink) {
        ScheduledFuture<?> polling = POLLER.scheduleWithFixedDelay(() -> poll(sink), 0,
                POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        sink.onClose(() -> polling.cancel(false));
    }

    private void poll(EventSink sink) {
        if (!sink.isOpen()) {
            sink.close();
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_READ, Math.max(0, channel.size() - offset)));
            int read = channel.read(buffer, offset);
            if (read <= 0) {
                return;
            }
            offset += read;
            byte[] bytes = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, lineStart, i - lineStart);
                    String line = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    lineStart = i + 1;
                    if (!emit(sink, line)) {
                        return;
                    }
                }
            }
            partial.write(bytes, lineStart, read - lineStart);
        } catch (IOException e) {
            sink.send("error", "the recording cannot be read: " + e.getMessage());
            sink.close();
        }
    }

    /** Sends one recorded line; false when the stream ended. */
    private boolean emit(EventSink sink, String line) throws IOException {
        JsonNode event = JSON.readTree(line);
        String type = event.path("type").asText("event");
        if (!sink.send(type, line)) {
            return false;
        }
        if (type.equals("seal")) {
            sink.close();
            return false;
        }
        return true;
    }
}
