package dev.sluice.server;

import dev.sluice.core.audit.AuditKey;
import dev.sluice.core.audit.AuditPaths;
import dev.sluice.core.audit.AuditVerifier;
import dev.sluice.core.audit.SessionFilter;
import dev.sluice.core.audit.SessionIndex;
import dev.sluice.core.audit.SessionSummary;
import dev.sluice.core.audit.VerificationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", description = "Verify and export session recordings.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
    /** Exit code when a recording or the deletion log fails verification. */
    static final int TAMPERED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "verify", description = {
        "Check each session's hash chain and signed seal; prints OK, OPEN, CUT_OFF (last seq n), DELETED or TAMPERED "
                + "(what and where) per session.",
        "Exits 1 if anything was tampered with."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        AuditDataOptions data;

        @Option(names = "--public-key", description = "The audit public key (PEM) to trust; default the data directory's "
                + "audit/audit-key.public.pem. Pass a copy kept away from the gateway: whoever can write the data directory "
                + "can replace its key.")
        Path publicKey;

        @Parameters(arity = "0..*", paramLabel = "SESSION", description = "Sessions to verify (default all).")
        List<String> sessions = List.of();

        @Override
        public Integer call() throws IOException {
            Optional<AuditPaths> paths = data.paths();
            if (paths.isEmpty()) {
                return Configs.INVALID;
            }
            Path keyFile = publicKey != null ? publicKey : paths.get().publicKey();
            if (!Files.exists(keyFile)) {
                System.err.println("sluice: no audit public key at " + keyFile);
                return Configs.INVALID;
            }
            PublicKey key = AuditKey.readPublicKey(keyFile);
            AuditVerifier verifier = new AuditVerifier(paths.get(), key);
            List<VerificationResult> results = new ArrayList<>();
            if (sessions.isEmpty()) {
                results.addAll(verifier.verifyAll());
            } else {
                for (String session : sessions) {
                    results.add(verifier.verify(session));
                }
            }
            boolean tampered = false;
            for (VerificationResult result : results) {
                System.out.println(result.describe());
                tampered |= result.tampered();
            }
            String deletionLog = verifier.verifyDeletionLog();
            if (Files.exists(paths.get().deletions())) {
                System.out.println("deletion log " + (deletionLog == null ? "OK" : "TAMPERED (" + deletionLog + ")"));
            }
            tampered |= deletionLog != null;
            String accessLog = verifier.verifyAccessLog();
            if (Files.exists(paths.get().accessLog())) {
                System.out.println("access log " + (accessLog == null ? "OK" : "TAMPERED (" + accessLog + ")"));
            }
            tampered |= accessLog != null;
            System.out.println(results.size() + " session(s) checked with key " + AuditKey.fingerprint(key)
                    + (tampered ? "; TAMPERING FOUND" : "; no tampering found"));
            return tampered ? TAMPERED : 0;
        }
    }

    @Command(name = "export", description = {
        "Write recordings as JSON lines, one event a line: {\"session\":ID,\"event\":LINE}.",
        "LINE is the recorded line byte for byte, so its hash can still be checked."})
    static final class Export implements Callable<Integer> {
        @Mixin
        AuditDataOptions data;

        @Option(names = "--format", defaultValue = "jsonl", description = "Output format; only jsonl (default).")
        String format;

        @Option(names = "--since", description = "Sessions that started at or after this: an instant, a date or an age (7d).")
        String since;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("jsonl")) {
                System.err.println("sluice: --format: only jsonl is supported, got \"" + format + "\"");
                return Configs.INVALID;
            }
            Instant from;
            try {
                from = since == null ? null : AuditDataOptions.parseTime(since, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                System.err.println("sluice: --since: " + e.getMessage());
                return Configs.INVALID;
            }
            Optional<AuditPaths> paths = data.paths();
            if (paths.isEmpty()) {
                return Configs.INVALID;
            }
            PrintStream out = System.out;
            for (SessionSummary session : SessionIndex.list(paths.get(), new SessionFilter(null, null, from, null, null))) {
                Path file = paths.get().recording(session.sessionId());
                if (!Files.exists(file)) {
                    continue;
                }
                String prefix = "{\"session\":\"" + session.sessionId() + "\",\"event\":";
                String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
                for (int i = 0; i < lines.length - 1; i++) {
                    out.println(prefix + lines[i] + "}");
                }
            }
            out.flush();
            return 0;
        }
    }
}
