package dev.sluice.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The demo's backend: an embedded PostgreSQL with a {@code demo} database of sample customers and orders, and a
 * login role whose random password only the vault file (and so only Sluice) knows.
 */
final class DemoDatabase implements AutoCloseable {
    static final String DATABASE = "demo";
    static final String ROLE = "sluice_demo";
    static final String PASSWORD_FILE = "demo-backend-password";

    private final EmbeddedPostgres postgres;
    private final Path passwordFile;

    private DemoDatabase(EmbeddedPostgres postgres, Path passwordFile) {
        this.postgres = postgres;
        this.passwordFile = passwordFile;
    }

    static DemoDatabase start(Path dataDirectory) throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password);
        DemoDatabase database = new DemoDatabase(postgres, passwordFile);
        database.seed(password);
        return database;
    }

    private void seed(String password) throws SQLException, IOException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'");
            s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + ROLE);
        }
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + ROLE);
            s.execute("""
                    CREATE TABLE customers (
                        id serial PRIMARY KEY,
                        name text NOT NULL,
                        email text NOT NULL,
                        phone text,
                        card_number text,
                        created_at timestamptz NOT NULL DEFAULT now())""");
            s.execute("""
                    INSERT INTO customers (name, email, phone, card_number)
                    SELECT 'Customer ' || i, 'customer' || i || '@example.com', '+4930' || lpad(i::text, 7, '0'),
                           CASE WHEN i % 2 = 0 THEN '4242424242424242' ELSE '5555555555554444' END
                    FROM generate_series(1, 1000) AS i""");
            s.execute("""
                    CREATE TABLE orders (
                        id serial PRIMARY KEY,
                        customer_id int NOT NULL REFERENCES customers(id),
                        amount numeric(10, 2) NOT NULL,
                        status text NOT NULL,
                        created_at timestamptz NOT NULL DEFAULT now())""");
            s.execute("""
                    INSERT INTO orders (customer_id, amount, status, created_at)
                    SELECT 1 + (i % 1000), round((random() * 500)::numeric, 2),
                           (ARRAY['new', 'paid', 'shipped', 'refunded'])[1 + i % 4], now() - (i || ' minutes')::interval
                    FROM generate_series(1, 10000) AS i""");
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET password_encryption = 'scram-sha-256'");
            s.execute("SELECT pg_reload_conf()");
        }
        restrictLoginToScram();
    }

    /** The demo role logs in with SCRAM over TCP, like a real backend; only the local superuser is trusted. */
    private void restrictLoginToScram() throws SQLException, IOException {
        Path hba;
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            hba = Path.of(rs.getString(1));
        }
        Files.writeString(hba, String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all " + ROLE + " 127.0.0.1/32 scram-sha-256",
                ""));
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database, properties);
    }

    int port() {
        return postgres.getPort();
    }

    Path passwordFile() {
        return passwordFile;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
