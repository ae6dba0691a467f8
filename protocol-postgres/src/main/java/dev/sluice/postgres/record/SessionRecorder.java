package dev.sluice.postgres.record;

import dev.sluice.core.audit.Operation;
import dev.sluice.core.audit.Outcome;
import dev.sluice.core.audit.ResultRows;
import dev.sluice.core.audit.SessionRecording;
import dev.sluice.policy.Decision;
import dev.sluice.policy.RecordingLevel;
import dev.sluice.policy.mask.MaskCounts;
import dev.sluice.policy.mask.MaskPlan;
import dev.sluice.postgres.backend.BackendErrors;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.mask.Field;
import dev.sluice.postgres.relay.Cycles;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records one Postgres session into its hash-chained log: each operation with its decision, each outcome
 * (command tag, rows, bytes, duration, error), and at level {@code full} the first rows of each result as the
 * client saw them. It sees backend messages after masking, so masked values are all it can record. Confined to
 * the session's event loop; what it keeps per prepared statement is bounded.
 *
 * <p>Most statements are one line: an allowed operation, the first of its request cycle, is held back until its
 * outcome and written with it. It is written on its own, as it was asked for, as soon as anything else is to be
 * recorded first (a pipelined statement, result rows, a refusal, the session's end), or when no outcome came
 * within {@link #COMBINE_WINDOW}, so a statement that runs long, or a gateway that dies under it, still shows in
 * the recording what was being run. Refused and held operations are always written at once.
 */
public final class SessionRecorder {
    /** Rows kept per result at level {@code full}. */
    public static final int MAX_ROWS = ResultRows.MAX_ROWS;
    static final int MAX_STATEMENTS = 10_000;
    /** How long an allowed operation waits for its outcome to be written with it before it is written alone. */
    public static final Duration COMBINE_WINDOW = Duration.ofMillis(100);
    private static final long COMBINE_WINDOW_NANOS = COMBINE_WINDOW.toNanos();

    /** @param text as recorded: cleaned once when parsed, not at each execution */
    private record Prepared(String rawText, String text, String rule, int[] parameterTypes, List<String> approvalIds) {}

    /**
     * A statement whose Parse was refused: its executions are not operations (the backend skips them after the
     * refusal's error) and must not be recorded as the statement that name held before.
     */
    private static final Prepared REFUSED = new Prepared("", "", null, new int[0], List.of());

    /** An allowed operation not yet written, waiting for its outcome. */
    private record Held(String text, List<String> parameters, String rule, Instant at, long startedNanos, long cycle,
            List<String> approvalIds) {
        /** @param outcome null when the operation is written before its outcome */
        Operation operation(Outcome outcome) {
            return new Operation(text, parameters, "allow", rule, approvalIds, outcome);
        }
    }

    private record Portal(String statement, List<String> parameters) {}

    private final SessionRecording recording;
    private final Cycles cycles;
    private final ScheduledExecutorService eventLoop;
    private final boolean requireRecording;
    private final RecordingLevel level;
    private final RecordedText text;
    private final MaskCounts maskCounts;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private long operationStarted = System.nanoTime();
    private long resultBytes;
    private List<String> columns;
    private List<List<String>> rows;
    private boolean truncated;
    private Map<String, Long> maskedBefore = Map.of();
    private Held held;
    private boolean timerArmed;
    /** The request cycle of the last operation recorded; only the first of a cycle is held for its outcome. */
    private long lastOperationCycle = -1;

    /**
     * @param maskCounts the session's masking counters, or null without masking: outcomes report what each
     *                   operation masked
     * @param requireRecording the connection refuses operations once its recording is incomplete
     * @param cycles the session's request cycles: an outcome is written with the operation of the cycle it answers
     * @param eventLoop the session's event loop, where an operation still waiting for its outcome is written alone
     */
    public SessionRecorder(SessionRecording recording, RecordingLevel level, MaskPlan plan, MaskCounts maskCounts,
                           boolean requireRecording, Cycles cycles, ScheduledExecutorService eventLoop) {
        this.requireRecording = requireRecording;
        this.recording = recording;
        this.cycles = cycles;
        this.eventLoop = eventLoop;
        this.level = level;
        this.text = new RecordedText(plan);
        this.maskCounts = maskCounts;
    }

    /**
     * False once operations must stop: the failure policy says so, or the connection requires recording and the
     * recording has lost events or failed.
     */
    public boolean healthy() {
        return recording.healthy() && !(requireRecording && recording.flagged());
    }

    public String sessionId() {
        return recording.sessionId();
    }

    /** A Query went through the gate, allowed or refused. */
    public void query(String sql, Decision decision) {
        operation(text.statement(sql), List.of(), decision, List.of());
    }

    /** A Query that waited for approval or a grant: {@code approvalIds} name the access requests that decided it. */
    public void query(String sql, Decision decision, List<String> approvalIds) {
        operation(text.statement(sql), List.of(), decision, approvalIds);
    }

    /** A Parse went through the gate: refusals are operations now; allowed statements are recorded at Execute. */
    public void parse(String name, String sql, int[] parameterTypes, Decision decision) {
        parse(name, sql, parameterTypes, decision, List.of());
    }

    /** As {@link #parse(String, String, int[], Decision)}, for a Parse that waited: its executions name the requests. */
    public void parse(String name, String sql, int[] parameterTypes, Decision decision, List<String> approvalIds) {
        if (!(decision instanceof Decision.Allow)) {
            operation(text.statement(sql), List.of(), decision, approvalIds);
            if (statements.size() < MAX_STATEMENTS || statements.containsKey(name)) {
                statements.put(name, REFUSED);
            }
        } else if (statements.size() < MAX_STATEMENTS || statements.containsKey(name)) {
            Prepared before = statements.get(name);
            String recorded = before != null && before.rawText().equals(sql) ? before.text() : text.statement(sql);
            statements.put(name, new Prepared(sql, recorded, decision.rule(), parameterTypes, List.copyOf(approvalIds)));
        }
    }

    public void functionCall(int oid, Decision decision) {
        operation(text.statement("<function call " + oid + ">"), List.of(), decision, List.of());
    }

    /** {@code 'B'}: remembers the portal's statement and its text-format parameters. */
    public void bind(ByteBuf frame) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        String portal = PgWire.readCString(body);
        String statement = PgWire.readCString(body);
        short[] formats = new short[body.readUnsignedShort()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = body.readShort();
        }
        int count = body.readUnsignedShort();
        Prepared prepared = statements.get(statement);
        int[] types = prepared == null ? new int[0] : prepared.parameterTypes();
        List<String> parameters = new ArrayList<>(Math.min(count, 100));
        for (int i = 0; i < count; i++) {
            int length = body.readInt();
            boolean binary = formats.length == 1 ? formats[0] == 1 : i < formats.length && formats[i] == 1;
            if (length < 0) {
                parameters.add(null);
            } else {
                if (i < 100) {
                    parameters.add(text.parameter(binary
                            ? BinaryParameters.describe(body, length, i < types.length ? types[i] : 0)
                            : body.toString(body.readerIndex(), length, StandardCharsets.UTF_8)));
                }
                body.skipBytes(length);
            }
        }
        if (portals.size() < MAX_STATEMENTS || portals.containsKey(portal)) {
            portals.put(portal, new Portal(statement, parameters));
        }
    }

    /** {@code 'E'}: an execution of a portal is an operation. */
    public void execute(ByteBuf frame) {
        String portalName = PgWire.readCString(frame.duplicate().skipBytes(5));
        Portal portal = portals.get(portalName);
        Prepared prepared = portal == null ? null : statements.get(portal.statement());
        if (prepared == REFUSED) {
            return;
        }
        String sql = prepared == null ? "<unknown prepared statement>" : prepared.text();
        String rule = prepared == null ? "unknown" : prepared.rule();
        operation(sql, portal == null ? List.of() : portal.parameters(), new Decision.Allow(rule),
                prepared == null ? List.of() : prepared.approvalIds());
    }

    /** @param cleaned the statement as recorded */
    private void operation(String cleaned, List<String> parameters, Decision decision, List<String> approvalIds) {
        writeHeld();
        long cycle = cycles.sent();
        boolean firstOfCycle = cycle != lastOperationCycle;
        lastOperationCycle = cycle;
        operationStarted = System.nanoTime();
        maskedBefore = maskCounts == null ? Map.of() : maskCounts.snapshot().maskedByRule();
        if (decision instanceof Decision.Allow && firstOfCycle) {
            held = new Held(cleaned, parameters, decision.rule(), recording.now(), operationStarted, cycle, approvalIds);
            armTimer(COMBINE_WINDOW_NANOS);
            return;
        }
        String action = decision instanceof Decision.Allow ? "allow" : decision instanceof Decision.Block ? "block" : "hold";
        recording.append(new Operation(cleaned, parameters, action, decision.rule(), approvalIds));
    }

    /** Writes the operation held for its outcome on its own, stamped when it was asked for. */
    private void writeHeld() {
        if (held != null) {
            recording.append(held.operation(null), held.at());
            held = null;
        }
    }

    /** Records an outcome: with its operation when that is held and this answers its cycle, else on its own. */
    private void outcome(Outcome outcome) {
        if (held != null && held.cycle() == cycles.answered()) {
            recording.append(held.operation(outcome), held.at());
            held = null;
            return;
        }
        writeHeld();
        recording.append(outcome);
    }

    private void armTimer(long delayNanos) {
        if (!timerArmed) {
            timerArmed = true;
            eventLoop.schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One timer per session at most: it writes a held operation that has waited the window, or waits again. */
    private void onTimer() {
        timerArmed = false;
        if (held == null) {
            return;
        }
        long waited = System.nanoTime() - held.startedNanos();
        if (waited >= COMBINE_WINDOW_NANOS) {
            writeHeld();
        } else {
            armTimer(COMBINE_WINDOW_NANOS - waited);
        }
    }

    /** A backend message as the client gets it (after masking). */
    public void backend(ByteBuf frame) {
        switch (PgWire.type(frame)) {
            case 'T' -> startResult(frame);
            case 'D' -> row(frame);
            case 'C' -> {
                String tag = PgWire.readCString(frame.duplicate().skipBytes(5));
                finishResult();
                outcome(Outcome.success(tag, rowsOf(tag), resultBytes, elapsed(), maskedSince()));
                resultBytes = 0;
            }
            case 'I' -> outcome(Outcome.success("EMPTY", 0, 0, elapsed(), Map.of()));
            case 'E' -> {
                finishResult();
                Map<Character, String> fields = BackendErrors.fields(frame);
                outcome(Outcome.failure(fields.get('C'), text.statement(fields.getOrDefault('M', "")), elapsed()));
                resultBytes = 0;
            }
            default -> { }
        }
    }

    private void startResult(ByteBuf frame) {
        if (level != RecordingLevel.FULL) {
            return;
        }
        columns = Field.decodeAll(frame).stream().map(Field::name).toList();
        rows = new ArrayList<>();
        truncated = false;
    }

    /** {@code 'D' | int32 len | int16 n | (int32 len | bytes)*n}. */
    private void row(ByteBuf frame) {
        resultBytes += frame.readableBytes();
        if (rows == null) {
            return;
        }
        if (rows.size() >= MAX_ROWS) {
            truncated = true;
            return;
        }
        ByteBuf body = frame.duplicate().skipBytes(5);
        int count = body.readUnsignedShort();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = body.readInt();
            values.add(length < 0 ? null : body.readCharSequence(length, StandardCharsets.UTF_8).toString());
        }
        rows.add(values);
    }

    private void finishResult() {
        if (rows != null) {
            writeHeld();
            recording.append(new ResultRows(columns, rows, truncated));
            rows = null;
            columns = null;
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - operationStarted);
    }

    private Map<String, Long> maskedSince() {
        if (maskCounts == null) {
            return Map.of();
        }
        Map<String, Long> now = maskCounts.snapshot().maskedByRule();
        Map<String, Long> delta = new HashMap<>();
        now.forEach((rule, count) -> {
            long before = maskedBefore.getOrDefault(rule, 0L);
            if (count > before) {
                delta.put(rule, count - before);
            }
        });
        maskedBefore = now;
        return delta;
    }

    /** The row count at the end of a command tag ({@code SELECT 5}, {@code INSERT 0 3}); -1 when it has none. */
    static long rowsOf(String tag) {
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return -1;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public void close(String reason) {
        writeHeld();
        recording.close(reason);
    }
}
