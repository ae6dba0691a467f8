package dev.sluice.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks recordings: every line's hash, the chain of {@code prev} hashes from the session's genesis, consecutive
 * {@code seq}s, and the seal's Ed25519 signature. A session with an intact chain but no seal is {@code CUT_OFF}
 * (or {@code OPEN} while the index says it is recording), unless the index recorded its seal, in which case the
 * file was truncated or the seal removed.
 */
public final class AuditVerifier {
    private final AuditPaths paths;
    private final PublicKey key;

    /** @param key the audit public key; prefer a copy kept away from the gateway over the data directory's */
    public AuditVerifier(AuditPaths paths, PublicKey key) {
        this.paths = paths;
        this.key = key;
    }

    /** Every session the index, the recordings directory or the deletion log knows, in index order. */
    public List<VerificationResult> verifyAll() throws IOException {
        Map<String, SessionSummary> indexed = SessionIndex.read(paths);
        Set<String> ids = new LinkedHashSet<>(indexed.keySet());
        if (Files.isDirectory(paths.recordings())) {
            try (var files = Files.list(paths.recordings())) {
                files.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(".jsonl") && !name.equals(paths.index().getFileName().toString()))
                        .map(name -> name.substring(0, name.length() - ".jsonl".length()))
                        .filter(SessionIds::isValid).sorted().forEach(ids::add);
            }
        }
        DeletionLog.read(paths).forEach(deletion -> ids.add(deletion.sessionId()));
        List<VerificationResult> results = new ArrayList<>();
        for (String id : ids) {
            results.add(verify(id, indexed.get(id)));
        }
        return results;
    }

    public VerificationResult verify(String sessionId) throws IOException {
        return verify(sessionId, SessionIndex.read(paths).get(sessionId));
    }

    /** @return null when the deletion log is intact (or absent), else what is wrong */
    public String verifyDeletionLog() throws IOException {
        return DeletionLog.verify(paths, key);
    }

    /** @return null when the access log is intact (or absent), else what is wrong */
    public String verifyAccessLog() throws IOException {
        return AccessAuditLog.verify(paths, key);
    }

    /** The last seq whose chain checks out, -1 when none: what a cut-off session is marked with. */
    static long lastGoodSeq(AuditPaths paths, String sessionId) throws IOException {
        if (!Files.exists(paths.recording(sessionId))) {
            return -1;
        }
        return new ChainCheck(sessionId, Files.readAllBytes(paths.recording(sessionId)), null).run().lastGood();
    }

    private VerificationResult verify(String sessionId, SessionSummary indexed) throws IOException {
        if (!Files.exists(paths.recording(sessionId))) {
            for (DeletionLog.Deletion deletion : DeletionLog.read(paths)) {
                if (deletion.sessionId().equals(sessionId)) {
                    String logProblem = verifyDeletionLog();
                    if (logProblem != null) {
                        return tampered(sessionId, -1, "recording deleted, but the deletion log is damaged: " + logProblem);
                    }
                    return new VerificationResult(sessionId, VerificationResult.Status.DELETED, deletion.lastSeq(),
                            deletion.reason() + " at " + deletion.deletedAt());
                }
            }
            return tampered(sessionId, -1, "recording file missing and not in the deletion log");
        }
        ChainCheck.Finding finding = new ChainCheck(sessionId, Files.readAllBytes(paths.recording(sessionId)), key).run();
        if (finding.problem() != null) {
            return tampered(sessionId, finding.lastGood(), finding.problem());
        }
        if (finding.sealed()) {
            if (indexed != null && indexed.sealHash() != null && !indexed.sealHash().equals(finding.lastHash())) {
                return tampered(sessionId, finding.lastGood(), "the seal differs from the one the index recorded");
            }
            String dropped = finding.droppedEvents() > 0 ? finding.droppedEvents() + " event(s) dropped while recording" : "";
            return new VerificationResult(sessionId, VerificationResult.Status.OK, finding.lastGood(), dropped);
        }
        if (indexed != null && indexed.status() == SessionStatus.CLOSED) {
            return tampered(sessionId, finding.lastGood(), "seal missing: the index records a seal at seq " + indexed.lastSeq()
                    + " but the file ends after seq " + finding.lastGood() + " (truncated or seal removed)");
        }
        if (indexed != null && indexed.status() == SessionStatus.CUT_OFF && finding.lastGood() < indexed.lastSeq()) {
            return tampered(sessionId, finding.lastGood(), "truncated: the session was cut off at seq " + indexed.lastSeq()
                    + " but the file ends after seq " + finding.lastGood());
        }
        String torn = finding.torn() ? "torn last line" : "";
        VerificationResult.Status status = indexed != null && indexed.status() == SessionStatus.OPEN
                ? VerificationResult.Status.OPEN
                : VerificationResult.Status.CUT_OFF;
        return new VerificationResult(sessionId, status, finding.lastGood(), torn);
    }

    private static VerificationResult tampered(String sessionId, long lastGood, String detail) {
        return new VerificationResult(sessionId, VerificationResult.Status.TAMPERED, lastGood, detail);
    }
}
