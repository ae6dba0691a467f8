package dev.sluice.core.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** Walks one recording's lines and says where its chain first goes wrong, if anywhere. */
final class ChainCheck {
    private final String sessionId;
    private final byte[] content;
    private final PublicKey key;

    /** @param key null to check hashes and chain only (finding the last good seq of a cut-off session) */
    ChainCheck(String sessionId, byte[] content, PublicKey key) {
        this.sessionId = sessionId;
        this.content = content;
        this.key = key;
    }

    /**
     * @param problem null when nothing is wrong
     * @param lastHash the hash of the last good line
     */
    record Finding(long lastGood, String lastHash, boolean sealed, boolean torn, long droppedEvents, String problem) {
    }

    Finding run() {
        List<byte[]> lines = new ArrayList<>();
        boolean torn = RecordingReader.splitLines(content, lines);
        String prev = ChainedLines.genesis(sessionId);
        long lastGood = -1;
        long dropped = 0;
        boolean sealed = false;
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            if (sealed) {
                return new Finding(lastGood, prev, true, torn, dropped, "line " + lineNumber + ": data after the seal");
            }
            ChainedLines.Parsed line;
            try {
                line = ChainedLines.parse(lines.get(i));
            } catch (IllegalArgumentException e) {
                return problem(lastGood, prev, torn, "line " + lineNumber + " (after seq " + lastGood
                        + ") is not a valid event line: " + e.getMessage());
            }
            long expected = lastGood + 1;
            if (!line.hashMatches()) {
                return problem(lastGood, prev, torn, "seq " + line.seq() + " (line " + lineNumber
                        + ") does not match its hash: the event was changed");
            }
            if (line.seq() > expected) {
                if (seqAppearsLater(lines, i + 1, expected)) {
                    return problem(lastGood, prev, torn, "seq " + line.seq() + " (line " + lineNumber + ") comes before seq "
                            + expected + ": events reordered");
                }
                String missing = line.seq() == expected + 1 ? "seq " + expected : "seqs " + expected + "-" + (line.seq() - 1);
                return problem(lastGood, prev, torn, missing + " missing before line " + lineNumber + ": event(s) removed");
            }
            if (line.seq() < expected) {
                return problem(lastGood, prev, torn, "seq " + line.seq() + " (line " + lineNumber + ") repeats or goes back after seq "
                        + lastGood + ": an event was inserted or reordered");
            }
            if (!line.prev().equals(prev)) {
                return problem(lastGood, prev, torn, "seq " + line.seq() + " (line " + lineNumber + ") does not chain to "
                        + (expected == 0 ? "this session's genesis" : "seq " + lastGood)
                        + ": an event was inserted, removed or replaced");
            }
            if (expected == 0 && !line.type().equals("session_start")) {
                return problem(lastGood, prev, torn, "seq 0 is " + line.type() + ", not session_start");
            }
            if (line.type().equals("events_dropped")) {
                dropped += line.body().path("data").path("count").asLong();
            }
            if (line.type().equals("seal")) {
                if (key != null && (line.signature() == null || !AuditKey.verify(key, line.hash(), line.signature()))) {
                    return problem(lastGood, prev, torn, "seal at seq " + line.seq() + " (line " + lineNumber
                            + ") has an invalid signature: the chain was rewritten or another key signed it");
                }
                sealed = true;
            }
            lastGood = line.seq();
            prev = line.hash();
        }
        if (sealed && torn) {
            return new Finding(lastGood, prev, true, true, dropped, "bytes after the seal");
        }
        return new Finding(lastGood, prev, sealed, torn, dropped, null);
    }

    private static Finding problem(long lastGood, String lastHash, boolean torn, String problem) {
        return new Finding(lastGood, lastHash, false, torn, 0, problem);
    }

    private static boolean seqAppearsLater(List<byte[]> lines, int from, long seq) {
        for (int i = from; i < lines.size(); i++) {
            try {
                if (ChainedLines.parse(lines.get(i)).seq() == seq) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // A damaged line cannot answer; keep looking.
            }
        }
        return false;
    }
}
