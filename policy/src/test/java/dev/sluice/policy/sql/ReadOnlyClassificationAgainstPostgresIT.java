package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Runs the PostgreSQL regression corpus against a real server and checks that no statement the classifier
 * calls read-only gets a transaction id, i.e. writes anything. Every statement runs, in file order, so that
 * the setup a file does is there for its later statements; a read-only one runs inside
 * {@code BEGIN; SET LOCAL statement_timeout; ...; ROLLBACK} and is checked with
 * {@code pg_current_xact_id_if_assigned()}. A statement that wrote is a classifier miss unless it reaches
 * a user-defined function, a view or a temporary table: code the classifier cannot see by design (the
 * gateway starts read-only sessions with {@code default_transaction_read_only=on} for those). Each such
 * case is printed, with whether a READ ONLY transaction stopped it.
 */
class ReadOnlyClassificationAgainstPostgresIT {

    private static final Set<StatementKind> RUN_AS_IS = EnumSet.of(StatementKind.TRANSACTION,
            StatementKind.SESSION, StatementKind.CURSOR, StatementKind.PREPARE, StatementKind.DEALLOCATE,
            StatementKind.LISTEN, StatementKind.UNLISTEN);

    private static EmbeddedPostgres postgres;
    private final SqlClassifier classifier = new SqlStatementClassifier();

    @BeforeAll
    static void startPostgres() throws Exception {
        assumeTrue(Files.isDirectory(PsqlScript.corpusDirectory()), "corpus not present");
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("autovacuum", "off")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void noStatementClassifiedReadOnlyWritesAnything() throws Exception {
        Path corpus = PsqlScript.corpusDirectory();
        int total = 0;
        int checked = 0;
        int notCheckable = 0;
        List<String> explained = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (Path file : PsqlScript.corpusFiles(corpus)) {
            Connection connection = connect();
            try {
                for (String sql : PsqlScript.statements(file)) {
                    total++;
                    if (connection.isClosed()) {
                        connection = connect();
                    }
                    SqlClassification classification = classifier.classify(sql);
                    boolean check = classification.readOnly() && !classification.statements().isEmpty()
                            && classification.statements().stream().noneMatch(s -> RUN_AS_IS.contains(s.kind()));
                    TransactionState state = state(connection);
                    if (!check || state == TransactionState.FAILED) {
                        runQuietly(connection, sql);
                        continue;
                    }
                    boolean wrote;
                    String where = file.getFileName().toString();
                    if (state == TransactionState.OPEN) {
                        String before = xidIfAssigned(connection);
                        runQuietly(connection, sql);
                        String after = state(connection) == TransactionState.OPEN ? xidIfAssigned(connection) : null;
                        if (before != null) {
                            notCheckable++;
                            continue;
                        }
                        wrote = after != null;
                        where += " (inside the file's own transaction)";
                    } else {
                        wrote = writes(connection, sql, "BEGIN");
                        if (wrote) {
                            where += writes(connection, sql, "BEGIN READ ONLY")
                                    ? " (wrote even in a READ ONLY transaction)" : " (stopped by READ ONLY)";
                        }
                    }
                    checked++;
                    if (wrote) {
                        List<String> userObjects = userObjects(connection, classification);
                        String line = where + ": " + oneLine(sql);
                        if (userObjects.isEmpty()) {
                            misses.add(line);
                        } else {
                            explained.add(line + "  <- through " + userObjects);
                        }
                    }
                }
            } finally {
                connection.close();
            }
        }
        System.out.printf("corpus statements run: %d; classified read-only and checked: %d;"
                + " not checkable (the file's transaction already had an xid): %d%n", total, checked, notCheckable);
        System.out.printf("classified read-only but wrote through user-defined functions, views or temporary"
                + " tables (outside the classifier's reach): %d%n", explained.size());
        explained.forEach(s -> System.out.println("  " + s));
        System.out.printf("classified read-only, wrote, and no user object explains it: %d%n", misses.size());
        misses.forEach(s -> System.out.println("  MISS: " + s));
        assertThat(misses).isEmpty();
    }

    /**
     * Functions the statement calls that are not built in, and relations it names that are views or
     * temporary tables: the places a write can hide from a statement-level classifier.
     */
    private static List<String> userObjects(Connection connection, SqlClassification classification)
            throws SQLException {
        List<String> found = new ArrayList<>();
        for (SqlStatement statement : classification.statements()) {
            for (String function : statement.functions()) {
                String name = function.substring(function.lastIndexOf('.') + 1);
                if (exists(connection, "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE p.proname = ? AND n.nspname NOT IN ('pg_catalog', 'information_schema')", name)) {
                    found.add("function " + function);
                }
            }
            for (String table : statement.tables()) {
                if (exists(connection, "SELECT 1 FROM pg_class WHERE oid = to_regclass(quote_ident(?))"
                        + " AND (relkind IN ('v', 'm') OR relpersistence = 't')", table)) {
                    found.add("relation " + table);
                }
            }
        }
        return found;
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        if (state(connection) == TransactionState.FAILED) {
            return false;
        }
        try (java.sql.PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs {@code sql} in a transaction opened with {@code begin}, rolls back, says whether it got an xid. */
    private static boolean writes(Connection connection, String sql, String begin) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
            statement.execute("SET LOCAL statement_timeout = '2s'");
            try {
                run(connection, sql);
            } catch (SQLException expected) {
                // Failed statements are expected in the corpus; what matters is whether an xid was taken.
            }
            String xid = null;
            if (state(connection) == TransactionState.OPEN) {
                xid = xidIfAssigned(connection);
            }
            statement.execute("ROLLBACK");
            return xid != null;
        }
    }

    private static void runQuietly(Connection connection, String sql) {
        try {
            run(connection, sql);
        } catch (SQLException expected) {
            // Many corpus statements fail on purpose or lack their psql variables.
        }
    }

    private static void run(Connection connection, String sql) throws SQLException {
        SqlClassification classification = new SqlStatementClassifier().classify(sql);
        boolean copy = classification.statements().size() == 1
                && !classification.effects().contains(SqlEffect.FILE_OR_PROGRAM_ACCESS)
                && Set.of(StatementKind.COPY_TO, StatementKind.COPY_FROM)
                        .contains(classification.statements().get(0).kind());
        if (copy) {
            CopyManager copyManager = new CopyManager(connection.unwrap(BaseConnection.class));
            try {
                if (classification.statements().get(0).kind() == StatementKind.COPY_TO) {
                    copyManager.copyOut(sql, OutputStream.nullOutputStream());
                } else {
                    copyManager.copyIn(sql, InputStream.nullInputStream());
                }
            } catch (java.io.IOException e) {
                throw new SQLException(e);
            }
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql);
        }
    }

    private static String xidIfAssigned(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_current_xact_id_if_assigned()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static TransactionState state(Connection connection) throws SQLException {
        return connection.unwrap(BaseConnection.class).getTransactionState();
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("options", "-c statement_timeout=2s -c lock_timeout=1s");
        Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    private static String oneLine(String sql) {
        String flat = sql.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
