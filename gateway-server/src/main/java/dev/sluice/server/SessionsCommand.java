package dev.sluice.server;

import dev.sluice.core.audit.AuditPaths;
import dev.sluice.core.audit.RecordedEvent;
import dev.sluice.core.audit.RecordingReader;
import dev.sluice.core.audit.SessionFilter;
import dev.sluice.core.audit.SessionIds;
import dev.sluice.core.audit.SessionIndex;
import dev.sluice.core.audit.SessionStatus;
import dev.sluice.core.audit.SessionSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sessions", description = "List recorded sessions and show their timelines.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class})
final class SessionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "One line per session, oldest first.")
    static final class ListSessions implements Callable<Integer> {
        private static final String ROW = "%-34s %-9s %-16s %-16s %-9s %-20s %-20s %s%n";

        @Mixin
        AuditDataOptions data;

        @Option(names = "--subject", description = "Only this user or agent.")
        String subject;

        @Option(names = "--connection", description = "Only this Sluice connection.")
        String connection;

        @Option(names = "--since", description = "Started at or after: an instant, a date (2026-11-20) or an age (7d).")
        String since;

        @Option(names = "--until", description = "Started before: an instant, a date or an age.")
        String until;

        @Option(names = "--status", description = "open, closed, cut_off or deleted.")
        String status;

        @Override
        public Integer call() throws IOException {
            SessionFilter filter;
            try {
                Clock clock = Clock.systemUTC();
                filter = new SessionFilter(subject, connection,
                        since == null ? null : AuditDataOptions.parseTime(since, clock),
                        until == null ? null : AuditDataOptions.parseTime(until, clock),
                        status == null ? null : SessionStatus.parse(status));
            } catch (IllegalArgumentException e) {
                System.err.println("sluice: " + (e.getMessage().contains("No enum constant")
                        ? "--status: expected open, closed, cut_off or deleted, got \"" + status + "\""
                        : e.getMessage()));
                return Configs.INVALID;
            }
            Optional<AuditPaths> paths = data.paths();
            if (paths.isEmpty()) {
                return Configs.INVALID;
            }
            List<SessionSummary> sessions = SessionIndex.list(paths.get(), filter);
            System.out.printf(ROW, "SESSION", "STATUS", "SUBJECT", "CONNECTION", "PROTOCOL", "STARTED", "ENDED", "EVENTS");
            for (SessionSummary session : sessions) {
                String events = session.lastSeq() < 0 ? "-" : String.valueOf(session.lastSeq() + 1);
                if (session.droppedEvents() > 0) {
                    events += " (" + session.droppedEvents() + " dropped)";
                }
                System.out.printf(ROW, session.sessionId(), session.status().label(), session.subject(), session.connection(),
                        session.protocol(), session.startedAt(), session.endedAt() == null ? "-" : session.endedAt(), events);
            }
            System.out.println(sessions.size() + " session(s)");
            return 0;
        }
    }

    @Command(name = "show", description = "A session's timeline: who, what, the decisions, what came back.")
    static final class Show implements Callable<Integer> {
        @Mixin
        AuditDataOptions data;

        @Parameters(paramLabel = "ID", description = "The session id.")
        String sessionId;

        @Override
        public Integer call() throws IOException {
            Optional<AuditPaths> paths = data.paths();
            if (paths.isEmpty()) {
                return Configs.INVALID;
            }
            if (!SessionIds.isValid(sessionId)) {
                System.err.println("sluice: \"" + sessionId + "\" is not a session id");
                return Configs.INVALID;
            }
            Optional<SessionSummary> summary = SessionIndex.find(paths.get(), sessionId);
            summary.ifPresent(session -> System.out.println("session " + session.sessionId() + "  " + session.status().label()
                    + (session.reason() == null ? "" : " (" + session.reason() + ")")));
            if (!Files.exists(paths.get().recording(sessionId))) {
                System.err.println("sluice: no recording for session " + sessionId
                        + (summary.map(s -> s.status() == SessionStatus.DELETED).orElse(false) ? " (deleted by retention)" : ""));
                return 1;
            }
            RecordingReader.Contents contents = RecordingReader.read(paths.get().recording(sessionId));
            Instant started = contents.events().isEmpty() ? null : contents.events().get(0).at();
            for (RecordedEvent event : contents.events()) {
                System.out.printf("%10s  #%-4d %-15s %s%n", offset(started, event.at()), event.seq(), event.type(),
                        EventText.describe(event));
            }
            if (!contents.complete()) {
                System.out.println("(the recording ends in a torn or damaged line; run sluice audit verify " + sessionId + ")");
            } else if (!contents.sealed()) {
                System.out.println("(no seal: the session is open or was cut off)");
            }
            return 0;
        }

        private static String offset(Instant start, Instant at) {
            if (start == null || at == null) {
                return "?";
            }
            Duration offset = Duration.between(start, at);
            return String.format("+%d.%03ds", offset.toSeconds(), offset.toMillisPart());
        }
    }
}
