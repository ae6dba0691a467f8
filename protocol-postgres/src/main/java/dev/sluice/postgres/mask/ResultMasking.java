package dev.sluice.postgres.mask;

import dev.sluice.policy.mask.ColumnMasks;
import dev.sluice.policy.mask.ColumnRef;
import dev.sluice.policy.mask.MaskCounts;
import dev.sluice.policy.mask.MaskPlan;
import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.ErrorResponse;
import dev.sluice.postgres.relay.Cycles;
import dev.sluice.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Masks what the backend sends one session, message by message: DataRows of every result (simple Query, Execute,
 * RETURNING), COPY OUT lines, and the text of errors, notices and notifications. Nothing is buffered but while
 * the names of a result's tables are looked up, when the backend is not read and at most one read's messages
 * wait. A result that cannot be masked safely is refused (fail closed): its rows are dropped and the client gets
 * an error instead, then ReadyForQuery. Confined to the session's event loop.
 */
public final class ResultMasking {
    private static final Logger log = LoggerFactory.getLogger(ResultMasking.class);

    private final MaskPlan plan;
    private final MaskCounts counts;
    private final ResultShapes shapes;
    private final CatalogLookup catalog;
    private final boolean needsNames;
    private final boolean detectorsActive;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private final RowRewriter rows = new RowRewriter();
    private ColumnMasks masks;
    private List<Field> fields;
    private boolean paused;
    private boolean refusingCycle;
    private boolean copyOut;
    /** The rows of the COPY OUT now streaming, masked field by field; null between COPYs or for line-by-line masking. */
    private CopyOutRows copyRows;
    private final ArrayDeque<PendingCopy> copies = new ArrayDeque<>();
    private final Cycles cycles;

    /** A COPY TO STDOUT statement of a Query, and the request cycle whose answer will carry its rows. */
    private record PendingCopy(long cycle, CopyStatement statement) {}

    /**
     * @param catalog resolves table and column names for column rules; null when the plan has none
     * @param cycles the session's request cycles, advanced by the relay
     */
    public ResultMasking(MaskPlan plan, CatalogLookup catalog, Cycles cycles) {
        this.plan = plan;
        this.shapes = new ResultShapes(cycles);
        this.cycles = cycles;
        this.counts = plan.newCounts();
        this.catalog = catalog;
        this.needsNames = plan.rules().stream().anyMatch(r -> !r.columns().coversAll());
        this.detectorsActive = plan.rules().stream().anyMatch(r -> !r.isWholeColumn());
    }

    public MaskPlan plan() {
        return plan;
    }

    public MaskCounts counts() {
        return counts;
    }

    /** Every client message passes here first, so that extended-protocol results can be told apart. */
    public void onClientMessage(ByteBuf frame) {
        shapes.onClientMessage(frame);
        if (PgWire.type(frame) == 'Q' && copies.size() < MAX_PENDING_COPIES) {
            String sql = PgWire.readCString(frame.duplicate().skipBytes(5));
            for (CopyStatement copy : CopyStatement.inQuery(sql)) {
                copies.add(new PendingCopy(cycles.sent(), copy));
            }
        }
    }

    /** COPY statements remembered across pipelined Queries; past this, further COPY OUTs are refused if they need columns. */
    static final int MAX_PENDING_COPIES = 64;

    /** While a lookup is out, backend messages wait here (the handler stops reading). */
    public boolean paused() {
        return paused;
    }

    public void hold(ByteBuf frame) {
        held.add(frame);
    }

    /**
     * Masks one backend frame. Forwards what the client should get through {@code out} (nothing, when the
     * frame belongs to a refused result); {@code resume} runs once a lookup that paused the stream completes.
     */
    public void onFrame(ByteBuf frame, ByteBufAllocator alloc, EventLoop loop, Consumer<ByteBuf> out, Runnable resume) {
        char type = PgWire.type(frame);
        if (refusingCycle && type != 'Z') {
            frame.release();
            return;
        }
        switch (type) {
            case 'T' -> {
                List<Field> described = shapes.onRowDescription(frame);
                out.accept(frame);
                if (described != null) {
                    prepare(described, alloc, loop, out, resume);
                }
            }
            case 'n' -> {
                shapes.onNoData();
                out.accept(frame);
            }
            case 'D' -> row(frame, alloc, loop, out, resume);
            case 'C', 's', 'I' -> {
                endResult();
                out.accept(frame);
            }
            case 'E', 'N' -> {
                if (type == 'E') {
                    shapes.onError();
                    endResult();
                }
                out.accept(MessageTexts.maskTextFields(frame, alloc, plan, counts));
            }
            case 'A' -> out.accept(MessageTexts.maskNotification(frame, alloc, plan, counts));
            case 'H' -> copyOut(frame, alloc, loop, out, resume);
            case 'd' -> copyData(frame, alloc, out);
            case 'c' -> {
                copyOut = false;
                copyRows = null;
                out.accept(frame);
            }
            case 'Z' -> {
                refusingCycle = false;
                copyOut = false;
                copyRows = null;
                while (!copies.isEmpty() && copies.peek().cycle() < cycles.answered()) {
                    copies.poll();
                }
                shapes.onReadyForQuery();
                endResult();
                out.accept(frame);
            }
            default -> out.accept(frame);
        }
    }

    /**
     * CopyOutResponse ({@code 'H' | int32 len | int8 format | int16 n | int16 format*n}): the COPY statement the
     * client sent says how to split its rows; the catalog says which columns they are. Until both are known the
     * stream is paused, and the response is held so that a refusal can take its place.
     */
    private void copyOut(ByteBuf frame, ByteBufAllocator alloc, EventLoop loop, Consumer<ByteBuf> out, Runnable resume) {
        copyOut = true;
        CopyStatement copy = nextCopy();
        boolean binary = frame.getByte(frame.readerIndex() + 5) != 0;
        int columns = frame.getUnsignedShort(frame.readerIndex() + 6);
        if (copy == null || catalog == null) {
            if (needsNames) {
                refuse(frame, "COPY output carries no column names and Sluice did not see this COPY statement in a"
                        + " simple Query, so column masking rules cannot apply; use SELECT or a simple-Query COPY", alloc, out);
            } else if (binary) {
                refuse(frame, "binary COPY output cannot be masked; use text or CSV format", alloc, out);
            } else {
                out.accept(frame);
            }
            return;
        }
        if (copy.unsupported() != null) {
            refuse(frame, "COPY output cannot be masked: " + copy.unsupported(), alloc, out);
            return;
        }
        if (binary || copy.format().kind() == CopyFormat.Kind.BINARY) {
            refuse(frame, "binary COPY output cannot be masked; use text or CSV format", alloc, out);
            return;
        }
        paused = true;
        CopyDescriber.describe(catalog, copy, loop).addListener((Future<List<Field>> described) -> {
            paused = false;
            if (!described.isSuccess()) {
                log.info("COPY columns could not be described: {}", described.cause().toString());
                refuse(frame, plan.maskFreeText("COPY output cannot be masked: " + described.cause().getMessage(), counts),
                        alloc, out);
                resume.run();
                return;
            }
            List<Field> fields = described.getNow();
            if (fields.size() != columns) {
                refuse(frame, "COPY output has " + columns + " columns where Sluice expected " + fields.size(), alloc, out);
                resume.run();
                return;
            }
            boolean[] started = {false};
            Runnable start = () -> {
                if (!started[0]) {
                    started[0] = true;
                    startCopy(copy, frame, out);
                    resume.run();
                }
            };
            prepare(fields, alloc, loop, out, start);
            if (!paused) {
                start.run();
            }
        });
    }

    /** The masks of a COPY's columns are resolved (or refused): send its response and mask its rows with them. */
    private void startCopy(CopyStatement copy, ByteBuf frame, Consumer<ByteBuf> out) {
        if (refusingCycle || masks == null) {
            frame.release();
            return;
        }
        copyRows = new CopyOutRows(copy.format(), masks);
        endResult();
        out.accept(frame);
    }

    private CopyStatement nextCopy() {
        while (!copies.isEmpty() && copies.peek().cycle() < cycles.answered()) {
            copies.poll();
        }
        PendingCopy next = copies.peek();
        if (next == null || next.cycle() != cycles.answered()) {
            return null;
        }
        copies.poll();
        return next.statement();
    }

    private void copyData(ByteBuf frame, ByteBufAllocator alloc, Consumer<ByteBuf> out) {
        if (!copyOut) {
            out.accept(frame);
        } else if (copyRows == null) {
            out.accept(MessageTexts.maskCopyLine(frame, alloc, plan, counts));
        } else {
            ByteBuf masked = copyRows.rewrite(frame, alloc);
            if (masked == null) {
                refuse(frame, "a COPY row could not be split into its columns", alloc, out);
            } else {
                out.accept(masked);
            }
        }
    }

    private void row(ByteBuf frame, ByteBufAllocator alloc, EventLoop loop, Consumer<ByteBuf> out, Runnable resume) {
        if (masks == null) {
            List<Field> columns = shapes.columnsForRow();
            if (columns == null) {
                refuse(frame, "the columns of this result are unknown to Sluice, so it cannot be masked", alloc, out);
                return;
            }
            prepare(columns, alloc, loop, out, resume);
            if (paused) {
                held.addFirst(frame);
                return;
            }
            if (refusingCycle) {
                frame.release();
                return;
            }
        }
        out.accept(masks.isEmpty() ? frame : rows.rewrite(frame, masks, fields, alloc));
    }

    /** Sets up the masks of a result; pauses for a lookup when table names are needed and not cached. */
    private void prepare(List<Field> columns, ByteBufAllocator alloc, EventLoop loop, Consumer<ByteBuf> out, Runnable resume) {
        Set<Integer> missing = new HashSet<>();
        if (needsNames && catalog != null) {
            for (Field field : columns) {
                if (field.tableOid() != 0 && catalog.cached(field.tableOid()) == null) {
                    missing.add(field.tableOid());
                }
            }
        }
        if (missing.isEmpty()) {
            resolveMasks(columns, alloc, out);
            return;
        }
        paused = true;
        catalog.resolve(missing, loop).addListener((Future<Map<Integer, TableNames>> lookup) -> {
            if (!lookup.isSuccess()) {
                log.warn("table names for masking could not be looked up: {}", lookup.cause().toString());
            }
            paused = false;
            resolveMasks(columns, alloc, out);
            resume.run();
        });
    }

    private void resolveMasks(List<Field> columns, ByteBufAllocator alloc, Consumer<ByteBuf> out) {
        List<ColumnRef> refs = new ArrayList<>(columns.size());
        for (Field field : columns) {
            ColumnRef.ValueForm form = ColumnForms.of(field, detectorsActive);
            if (form == null) {
                refusingCycle = true;
                masks = null;
                sendRefusal("column \"" + field.name() + "\" is sent in binary format, which cannot be masked;"
                        + " ask for text format", alloc, out);
                return;
            }
            TableNames names = field.tableOid() == 0 || catalog == null ? null : catalog.cached(field.tableOid());
            if (needsNames && field.tableOid() != 0 && names == null) {
                refusingCycle = true;
                masks = null;
                sendRefusal("the table of column \"" + field.name() + "\" could not be identified for masking", alloc, out);
                return;
            }
            String column = names == null ? field.name() : names.columns().getOrDefault(field.attributeNumber(), field.name());
            refs.add(new ColumnRef(names == null ? null : names.qualifiedName(), column, form));
        }
        fields = columns;
        masks = plan.forColumns(refs, counts);
    }

    /** Frames the stream held while paused, in order; the caller feeds them back through {@link #onFrame}. */
    public ByteBuf nextHeld() {
        return paused ? null : held.poll();
    }

    private void endResult() {
        masks = null;
        fields = null;
    }

    private void refuse(ByteBuf frame, String why, ByteBufAllocator alloc, Consumer<ByteBuf> out) {
        frame.release();
        refusingCycle = true;
        endResult();
        sendRefusal(why, alloc, out);
    }

    private void sendRefusal(String why, ByteBufAllocator alloc, Consumer<ByteBuf> out) {
        log.info("result refused: {}", why);
        ByteBuf error = alloc.buffer();
        ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, "result refused by Sluice: " + why).encode(error);
        out.accept(error);
    }
}
