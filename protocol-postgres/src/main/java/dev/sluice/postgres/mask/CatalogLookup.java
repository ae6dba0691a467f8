package dev.sluice.postgres.mask;

import dev.sluice.postgres.backend.BackendConnector;
import dev.sluice.postgres.backend.BackendEndpoint;
import dev.sluice.postgres.backend.BackendLogin;
import dev.sluice.postgres.backend.BackendSession;
import dev.sluice.postgres.backend.BackendErrors;
import dev.sluice.postgres.codec.PgWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Resolves the table OIDs and attribute numbers of RowDescription to names through a separate backend login,
 * so that rules like {@code customers.email} apply whatever the query called the column. Results are cached per
 * connection for {@link #TTL} and dropped when a session on the connection changes the schema. Thread-safe.
 */
public final class CatalogLookup {
    /** A renamed table or column is seen at the latest this long after the change, if it bypassed Sluice. */
    public static final Duration TTL = Duration.ofSeconds(60);
    /** Most tables one lookup asks about; a result naming more is resolved in several queries' worth at once. */
    static final int MAX_OIDS_PER_QUERY = 500;

    private record Cached(TableNames names, long expiresAtMillis) {}

    private final BackendEndpoint endpoint;
    private final Supplier<CompletableFuture<BackendLogin>> login;
    private final BackendConnector connector;
    private final Clock clock;
    private final ConcurrentHashMap<Integer, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param login the backend login to use, resolved afresh for each lookup (the vault may rotate it)
     */
    public CatalogLookup(BackendEndpoint endpoint, Supplier<CompletableFuture<BackendLogin>> login,
                         BackendConnector connector, Clock clock) {
        this.endpoint = endpoint;
        this.login = login;
        this.connector = connector;
        this.clock = clock;
    }

    /** The cached names of {@code oid}, or null when they must be looked up. */
    public TableNames cached(int oid) {
        Cached entry = cache.get(oid);
        if (entry == null || entry.expiresAtMillis() < clock.millis()) {
            return null;
        }
        return entry.names();
    }

    /** Forgets every table: a session changed the schema. */
    public void invalidate() {
        cache.clear();
    }

    /** Looks up {@code oids} and caches them; completes on {@code loop}. Unknown OIDs are simply absent. */
    public Future<Map<Integer, TableNames>> resolve(Set<Integer> oids, EventLoop loop) {
        Promise<Map<Integer, TableNames>> promise = loop.newPromise();
        connect(loop).addListener((Future<BackendSession> connected) -> {
            if (!connected.isSuccess()) {
                promise.tryFailure(connected.cause());
                return;
            }
            query(connected.getNow(), oids, promise);
        });
        return promise;
    }

    /** A fresh login with the connection's credentials, its startup messages dropped; completes on {@code loop}. */
    Future<BackendSession> connect(EventLoop loop) {
        Promise<BackendSession> promise = loop.newPromise();
        login.get().whenComplete((credentials, failure) -> loop.execute(() -> {
            if (failure != null) {
                promise.tryFailure(failure);
                return;
            }
            connector.connect(loop, endpoint, credentials).addListener((Future<BackendSession> connected) -> {
                if (!connected.isSuccess()) {
                    promise.tryFailure(connected.cause());
                    return;
                }
                connected.getNow().startupMessages().forEach(ByteBuf::release);
                promise.trySuccess(connected.getNow());
            });
        }));
        return promise;
    }

    private void query(BackendSession session, Set<Integer> oids, Promise<Map<Integer, TableNames>> promise) {
        Channel channel = session.channel();
        String list = oids.stream().limit(MAX_OIDS_PER_QUERY).map(String::valueOf).collect(Collectors.joining(","));
        String sql = "SELECT c.oid, n.nspname, c.relname, a.attnum, a.attname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
                + " WHERE c.oid IN (" + list + ") AND a.attnum > 0 AND NOT a.attisdropped";
        channel.pipeline().addLast(new CatalogReader(promise));
        ByteBuf out = channel.alloc().buffer();
        int length = PgWire.beginMessage(out, 'Q');
        PgWire.writeCString(out, sql);
        PgWire.endMessage(out, length);
        channel.writeAndFlush(out);
        channel.config().setAutoRead(true);
        promise.addListener(f -> channel.close());
    }

    /** Collects the lookup's rows; completes at ReadyForQuery. */
    private final class CatalogReader extends ChannelInboundHandlerAdapter {
        private final Promise<Map<Integer, TableNames>> promise;
        private final Map<Integer, String> tables = new HashMap<>();
        private final Map<Integer, Map<Short, String>> columns = new HashMap<>();
        private String error;

        CatalogReader(Promise<Map<Integer, TableNames>> promise) {
            this.promise = promise;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                switch (PgWire.type(frame)) {
                    case 'D' -> row(frame.duplicate().skipBytes(5));
                    case 'E' -> error = BackendErrors.describe(frame);
                    case 'Z' -> complete();
                    default -> { }
                }
            } finally {
                frame.release();
            }
        }

        /** {@code int16 n | (int32 len | bytes)*n}, all text. */
        private void row(ByteBuf body) {
            String[] values = new String[body.readUnsignedShort()];
            for (int i = 0; i < values.length; i++) {
                int length = body.readInt();
                values[i] = length < 0 ? null : body.readCharSequence(length, StandardCharsets.UTF_8).toString();
            }
            int oid = (int) Long.parseLong(values[0]);
            tables.put(oid, values[1] + "." + values[2]);
            columns.computeIfAbsent(oid, k -> new HashMap<>()).put(Short.parseShort(values[3]), values[4]);
        }

        private void complete() {
            if (error != null) {
                promise.tryFailure(new IllegalStateException("catalog lookup failed: " + error));
                return;
            }
            long expires = clock.millis() + TTL.toMillis();
            Map<Integer, TableNames> found = new HashMap<>();
            tables.forEach((oid, name) -> {
                TableNames names = new TableNames(name, columns.get(oid));
                found.put(oid, names);
                cache.put(oid, new Cached(names, expires));
            });
            promise.trySuccess(found);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            promise.tryFailure(new IllegalStateException("catalog lookup connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            promise.tryFailure(cause);
            ctx.close();
        }
    }
}
