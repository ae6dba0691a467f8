package dev.sluice.postgres.mask;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.relay.Cycles;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knows which columns the DataRows the backend sends belong to. A simple Query's results announce themselves
 * with RowDescription; in the extended protocol the description may have come from an earlier Describe of the
 * prepared statement, and the formats from Bind, so the client's Parse, Bind, Describe, Execute and Close are
 * followed and matched to the backend's answers in order. Confined to the session's event loop; its maps are
 * bounded by what the client keeps prepared, its queues by the client's pipelining.
 */
public final class ResultShapes {
    private record Describe(boolean statement, String name, long cycle) {}

    private record Execute(String portal, long cycle) {}

    private record Portal(String statement, short[] resultFormats) {}

    private final Map<String, List<Field>> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private final Map<String, List<Field>> describedPortals = new HashMap<>();
    private final ArrayDeque<Describe> describes = new ArrayDeque<>();
    private final ArrayDeque<Execute> executes = new ArrayDeque<>();
    private final Cycles cycles;
    /** The columns of the result now streaming, or null between results. */
    private List<Field> current;

    public ResultShapes(Cycles cycles) {
        this.cycles = cycles;
    }

    /** A client message; call before it is forwarded. */
    public void onClientMessage(ByteBuf frame) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        switch (PgWire.type(frame)) {
            case 'P' -> statements.remove(PgWire.readCString(body));
            case 'B' -> bind(body);
            case 'D' -> {
                boolean statement = body.readByte() == 'S';
                describes.add(new Describe(statement, PgWire.readCString(body), cycles.sent()));
            }
            case 'E' -> executes.add(new Execute(PgWire.readCString(body), cycles.sent()));
            case 'C' -> {
                boolean statement = body.readByte() == 'S';
                String name = PgWire.readCString(body);
                if (statement) {
                    statements.remove(name);
                } else {
                    portals.remove(name);
                    describedPortals.remove(name);
                }
            }
            default -> { }
        }
    }

    /** {@code cstring portal | cstring statement | int16 n | int16 fmt*n | int16 m | (int32 len | bytes)*m | int16 k | int16 fmt*k}. */
    private void bind(ByteBuf body) {
        String portal = PgWire.readCString(body);
        String statement = PgWire.readCString(body);
        body.skipBytes(2 * body.readUnsignedShort());
        int parameters = body.readUnsignedShort();
        for (int i = 0; i < parameters; i++) {
            int length = body.readInt();
            if (length > 0) {
                body.skipBytes(length);
            }
        }
        short[] formats = new short[body.readUnsignedShort()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = body.readShort();
        }
        portals.put(portal, new Portal(statement, formats));
        describedPortals.remove(portal);
    }

    /**
     * A backend RowDescription. Returns the columns when it starts a result now (a simple Query's), or null
     * when it answers a Describe and only sets the shape of a later Execute.
     */
    public List<Field> onRowDescription(ByteBuf frame) {
        List<Field> fields = Field.decodeAll(frame);
        Describe describe = describes.peek();
        if (describe != null && describe.cycle() == cycles.answered()) {
            describes.poll();
            if (describe.statement()) {
                statements.put(describe.name(), fields);
            } else {
                describedPortals.put(describe.name(), fields);
                Portal portal = portals.get(describe.name());
                if (portal != null) {
                    // Later executions of the statement may come without a Describe; Bind gives their formats.
                    statements.put(portal.statement(), fields);
                }
            }
            return null;
        }
        current = fields;
        return fields;
    }

    /** A backend NoData: the head Describe has no result. */
    public void onNoData() {
        Describe describe = describes.peek();
        if (describe != null && describe.cycle() == cycles.answered()) {
            describes.poll();
        }
    }

    /**
     * The columns of the result a DataRow belongs to: the current one, or, for the first row of an Execute, its
     * portal's description with Bind's formats. Null when unknown (the caller must fail closed).
     */
    public List<Field> columnsForRow() {
        if (current != null) {
            return current;
        }
        Execute execute = executes.peek();
        if (execute == null || execute.cycle() != cycles.answered()) {
            return null;
        }
        List<Field> described = describedPortals.get(execute.portal());
        if (described != null) {
            current = described;
            return current;
        }
        Portal portal = portals.get(execute.portal());
        List<Field> fields = portal == null ? null : statements.get(portal.statement());
        if (fields == null) {
            return null;
        }
        current = withFormats(fields, portal.resultFormats());
        return current;
    }

    /** Whether the result now streaming was just set up by {@link #columnsForRow} (no RowDescription of its own). */
    public boolean hasCurrent() {
        return current != null;
    }

    /** CommandComplete, PortalSuspended or EmptyQueryResponse: one result (and one Execute, if any) ends. */
    public void onResultEnd() {
        current = null;
        Execute execute = executes.peek();
        if (execute != null && execute.cycle() == cycles.answered()) {
            executes.poll();
        }
    }

    /** An ErrorResponse: the backend skips the rest of the cycle, so do its pending Describes and Executes. */
    public void onError() {
        current = null;
        dropCycle(cycles.answered() + 1);
    }

    /** A backend ReadyForQuery, after the session's {@link Cycles} counted it. */
    public void onReadyForQuery() {
        current = null;
        dropCycle(cycles.answered());
    }

    private void dropCycle(long before) {
        while (!describes.isEmpty() && describes.peek().cycle() < before) {
            describes.poll();
        }
        while (!executes.isEmpty() && executes.peek().cycle() < before) {
            executes.poll();
        }
    }

    private static List<Field> withFormats(List<Field> fields, short[] formats) {
        if (formats.length == 0) {
            return fields.stream().map(f -> f.withFormat(Field.TEXT)).toList();
        }
        if (formats.length == 1) {
            return fields.stream().map(f -> f.withFormat(formats[0])).toList();
        }
        Field[] out = new Field[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fields.get(i).withFormat(i < formats.length ? formats[i] : Field.TEXT);
        }
        return List.of(out);
    }
}
