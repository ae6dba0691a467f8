package dev.sluice.postgres.mask;

import dev.sluice.policy.sql.SqlLexer;
import dev.sluice.policy.sql.SqlToken;
import dev.sluice.policy.sql.SqlTokenType;
import dev.sluice.postgres.backend.BackendErrors;
import dev.sluice.postgres.backend.BackendSession;
import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds which table columns the fields of a COPY OUT come from, since COPY sends no RowDescription: the COPY's
 * query (or {@code SELECT cols FROM table}) is parsed and described, not executed, on a separate catalog login,
 * which gives each field's table OID and attribute number as a SELECT would. That login resolves unqualified
 * names with its own search_path, which may differ from the session's; so a name in the query that names
 * relations or functions in more than one schema makes the description uncertain, and it is refused (fail
 * closed). For {@code COPY table TO} without a column list, the table's generated columns are left out, as COPY
 * leaves them out. Failures complete the future with an exception whose message says why.
 */
final class CopyDescriber {
    /** Most distinct unqualified names one COPY query may use; more is refused rather than checked in part. */
    static final int MAX_NAMES = 500;

    private CopyDescriber() {}

    static Future<List<Field>> describe(CatalogLookup catalog, CopyStatement copy, EventLoop loop) {
        Promise<List<Field>> promise = loop.newPromise();
        String check;
        try {
            check = checkQuery(copy);
        } catch (IllegalArgumentException e) {
            promise.setFailure(e);
            return promise;
        }
        catalog.connect(loop).addListener((Future<BackendSession> connected) -> {
            if (!connected.isSuccess()) {
                promise.tryFailure(new IllegalStateException("the catalog connection failed: " + connected.cause().getMessage()));
                return;
            }
            Channel channel = connected.getNow().channel();
            promise.addListener(f -> channel.close());
            channel.pipeline().addLast(new Reader(promise));
            ByteBuf out = channel.alloc().buffer();
            int length = PgWire.beginMessage(out, 'P');
            PgWire.writeCString(out, "");
            PgWire.writeCString(out, copy.describeSql());
            out.writeShort(0);
            PgWire.endMessage(out, length);
            length = PgWire.beginMessage(out, 'D');
            out.writeByte('S');
            PgWire.writeCString(out, "");
            PgWire.endMessage(out, length);
            length = PgWire.beginMessage(out, 'S');
            PgWire.endMessage(out, length);
            length = PgWire.beginMessage(out, 'Q');
            PgWire.writeCString(out, check);
            PgWire.endMessage(out, length);
            channel.writeAndFlush(out);
            channel.config().setAutoRead(true);
        });
        return promise;
    }

    /** Rows ('ambiguous', name) for names in several schemas, and ('generated', attnum) for the table's generated columns. */
    static String checkQuery(CopyStatement copy) {
        Set<String> names = unqualifiedNames(copy.describeSql());
        if (names.size() > MAX_NAMES) {
            throw new IllegalArgumentException("the COPY query uses more than " + MAX_NAMES + " names");
        }
        String list = names.stream().map(CopyDescriber::literal).collect(Collectors.joining(","));
        String sql = names.isEmpty() ? "SELECT NULL::text, NULL::text WHERE false"
                : "SELECT 'ambiguous', n FROM (SELECT c.relname::text AS n, c.relnamespace AS s FROM pg_catalog.pg_class c"
                + " WHERE c.relkind IN ('r','v','m','f','p') AND c.relname IN (" + list + ")"
                + " UNION ALL SELECT p.proname::text, p.pronamespace FROM pg_catalog.pg_proc p WHERE p.proname IN (" + list + ")) x"
                + " GROUP BY n HAVING count(DISTINCT s) > 1";
        if (copy.tableText() != null) {
            sql += " UNION ALL SELECT 'generated', a.attnum::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = "
                    + literal(copy.tableText()) + "::regclass AND a.attgenerated <> ''";
        }
        return sql;
    }

    /** Identifiers that are neither qualified nor qualifiers: the ones a search_path resolves. */
    static Set<String> unqualifiedNames(String sql) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql).tokens();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean qualified = (i > 0 && tokens.get(i - 1).is(SqlTokenType.DOT))
                    || (i + 1 < tokens.size() && tokens.get(i + 1).is(SqlTokenType.DOT));
            if (token.isName() && !qualified) {
                names.add(token.value());
            }
        }
        return names;
    }

    /** A standard string literal; the catalog login keeps standard_conforming_strings on, so only quotes double. */
    private static String literal(String value) {
        if (value.indexOf('\\') >= 0 || value.indexOf(0) >= 0) {
            throw new IllegalArgumentException("the COPY statement names an object with a backslash");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** Collects the description and the check's rows; completes at the second ReadyForQuery. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final Promise<List<Field>> promise;
        private final List<String> ambiguous = new ArrayList<>();
        private final Set<Short> generated = new LinkedHashSet<>();
        private List<Field> fields;
        private String error;
        private int ready;

        Reader(Promise<List<Field>> promise) {
            this.promise = promise;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                switch (PgWire.type(frame)) {
                    case 'T' -> {
                        if (ready == 0) {
                            fields = Field.decodeAll(frame);
                        }
                    }
                    case 'D' -> row(frame.duplicate().skipBytes(5));
                    case 'E' -> {
                        if (error == null) {
                            error = BackendErrors.describe(frame);
                        }
                    }
                    case 'Z' -> {
                        if (++ready == 2) {
                            complete();
                        }
                    }
                    default -> { }
                }
            } finally {
                frame.release();
            }
        }

        private void row(ByteBuf body) {
            body.skipBytes(2);
            String kind = body.readCharSequence(body.readInt(), StandardCharsets.UTF_8).toString();
            String value = body.readCharSequence(body.readInt(), StandardCharsets.UTF_8).toString();
            if (kind.equals("generated")) {
                generated.add(Short.parseShort(value));
            } else {
                ambiguous.add(value);
            }
        }

        private void complete() {
            if (!ambiguous.isEmpty()) {
                promise.tryFailure(new IllegalStateException("\"" + ambiguous.get(0) + "\" names objects in more than one"
                        + " schema, so which one the COPY reads is not certain; qualify it with its schema"));
            } else if (error != null) {
                promise.tryFailure(new IllegalStateException("its query could not be described: " + error));
            } else if (fields == null) {
                promise.tryFailure(new IllegalStateException("its query returns no columns"));
            } else {
                promise.trySuccess(fields.stream().filter(f -> !generated.contains(f.attributeNumber())).toList());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            promise.tryFailure(new IllegalStateException("the catalog connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            promise.tryFailure(cause);
            ctx.close();
        }
    }
}
