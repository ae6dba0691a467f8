package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of edit to a sealed recording is found, and the report says what and where. */
class TamperingTest {
    @TempDir
    Path dataDirectory;

    private AuditRecorder recorder;
    private AuditVerifier verifier;
    private Path file;

    @BeforeEach
    void record() throws Exception {
        recorder = AuditRecorder.start(dataDirectory, new SimpleMeterRegistry());
        RecordedSessions.recordPostgresSession(recorder, "s1", "alice", Instant.parse("2026-11-20T09:00:00Z"));
        verifier = new AuditVerifier(recorder.paths(), recorder.publicKey());
        file = recorder.paths().recording("s1");
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    @Test
    void aFlippedByteIsFoundInItsEvent() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("DELETE FROM customers");
        bytes[at] = 'd';
        Files.write(file, bytes);

        assertTampered("seq 4 (line 5) does not match its hash: the event was changed", 3);
    }

    @Test
    void aChangedHashBreaksTheEventItBelongsTo() throws Exception {
        List<String> lines = lines();
        String line = lines.get(2);
        int hashAt = line.lastIndexOf("\"hash\":\"") + 8;
        char flipped = line.charAt(hashAt) == 'a' ? 'b' : 'a';
        lines.set(2, line.substring(0, hashAt) + flipped + line.substring(hashAt + 1));
        write(lines);

        assertTampered("seq 2 (line 3) does not match its hash", 1);
    }

    @Test
    void aDeletedEventIsMissing() throws Exception {
        List<String> lines = lines();
        lines.remove(3);
        write(lines);

        assertTampered("seq 3 missing before line 4: event(s) removed", 2);
    }

    @Test
    void swappedEventsAreReordered() throws Exception {
        List<String> lines = lines();
        String second = lines.get(2);
        lines.set(2, lines.get(3));
        lines.set(3, second);
        write(lines);

        assertTampered("seq 3 (line 3) comes before seq 2: events reordered", 1);
    }

    @Test
    void anInsertedEventWithAValidHashStillBreaksTheSequence() throws Exception {
        List<String> lines = lines();
        lines.add(5, forged(5, hashOf(lines.get(4)), "DROP TABLE customers"));
        write(lines);

        assertTampered("seq 5 (line 7) repeats or goes back after seq 5: an event was inserted or reordered", 5);
    }

    @Test
    void aRehashedChainCannotForgeTheSeal() throws Exception {
        List<String> lines = lines();
        lines.add(5, forged(5, hashOf(lines.get(4)), "DROP TABLE customers"));
        write(rehash(lines));

        assertTampered("seal at seq 10 (line 11) has an invalid signature", 9);
    }

    @Test
    void aTruncatedFileIsNotPassedOffAsCutOff() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int sixthLineEnds = nthNewline(bytes, 6);
        Files.write(file, Arrays.copyOf(bytes, sixthLineEnds + 20));

        assertTampered("seal missing: the index records a seal at seq 9 but the file ends after seq 5 (truncated or seal removed)", 5);
    }

    @Test
    void aRemovedSealIsMissing() throws Exception {
        List<String> lines = lines();
        lines.remove(lines.size() - 1);
        write(lines);

        assertTampered("seal missing: the index records a seal at seq 9 but the file ends after seq 8", 8);
    }

    @Test
    void anythingAfterTheSealIsFound() throws Exception {
        List<String> lines = lines();
        lines.add(forged(10, hashOf(lines.get(9)), "SELECT 1"));
        write(lines);

        assertTampered("line 11: data after the seal", 9);
    }

    @Test
    void aRecordingThatVanishedIsMissing() throws Exception {
        Files.delete(file);

        assertTampered("recording file missing and not in the deletion log", -1);
    }

    private void assertTampered(String detail, long lastGoodSeq) throws Exception {
        VerificationResult result = verifier.verify("s1");
        assertThat(result.status()).as(result.describe()).isEqualTo(VerificationResult.Status.TAMPERED);
        assertThat(result.detail()).contains(detail);
        assertThat(result.lastGoodSeq()).isEqualTo(lastGoodSeq);
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static String hashOf(String line) {
        return ChainedLines.parse(line.getBytes(StandardCharsets.UTF_8)).hash();
    }

    /** A well-formed operation line with a correct hash, as someone who knows the format would write. */
    private static String forged(long seq, String prev, String statement) {
        ObjectNode body = ChainedLines.MAPPER.createObjectNode().put("seq", seq).put("type", "operation")
                .put("at", "2026-11-20T09:00:01Z").put("prev", prev);
        body.set("data", ChainedLines.MAPPER.valueToTree(Operation.of(statement, "allow", "read-customers")));
        byte[] canonical = ChainedLines.canonical(body);
        String line = new String(ChainedLines.line(canonical, ChainedLines.sha256Hex(canonical), null), StandardCharsets.UTF_8);
        return line.substring(0, line.length() - 1);
    }

    /** Renumbers and rehashes every line, keeping the old seal signature (the key is what a forger lacks). */
    private List<String> rehash(List<String> lines) {
        List<String> out = new ArrayList<>();
        String prev = ChainedLines.genesis("s1");
        for (int i = 0; i < lines.size(); i++) {
            ChainedLines.Parsed parsed = ChainedLines.parse(lines.get(i).getBytes(StandardCharsets.UTF_8));
            ObjectNode body = (ObjectNode) parsed.body();
            body.put("seq", i).put("prev", prev);
            ObjectNode reordered = ChainedLines.MAPPER.createObjectNode().put("seq", i).put("type", parsed.type())
                    .put("at", body.path("at").asText()).put("prev", prev);
            reordered.set("data", body.get("data"));
            byte[] canonical = ChainedLines.canonical(reordered);
            String hash = ChainedLines.sha256Hex(canonical);
            String line = new String(ChainedLines.line(canonical, hash, parsed.signature()), StandardCharsets.UTF_8);
            out.add(line.substring(0, line.length() - 1));
            prev = hash;
        }
        return out;
    }

    private static int nthNewline(byte[] bytes, int n) {
        int seen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " lines");
    }
}
