package dev.sluice.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky's embedded binaries) for integration tests, with one login role per backend
 * authentication method Sluice must speak, and optionally TLS.
 */
public final class PostgresBackend implements AutoCloseable {
    public static final String DATABASE = "app";
    public static final String SCRAM_USER = "scram_user";
    public static final String MD5_USER = "md5_user";
    public static final String PASSWORD_USER = "password_user";
    /** All three roles share this password; tests hand it to Sluice through an environment-style lookup. */
    public static final String PASSWORD = "s3cr3t-backend-pw";

    private final EmbeddedPostgres postgres;

    private PostgresBackend(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server; with {@code tls} non-null it serves TLS with that PEM certificate and key (copied into a
     * directory the server process can enter, the key readable by its owner only, as PostgreSQL demands).
     */
    public static PostgresBackend start(Tls tls) throws IOException, SQLException {
        if (tls != null) {
            tls = serverReadable(tls);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("password_encryption", "scram-sha-256");
        if (tls != null) {
            builder.setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", tls.certificate().toString())
                    .setServerConfig("ssl_key_file", tls.privateKey().toString());
        }
        PostgresBackend backend = new PostgresBackend(builder.start());
        backend.createRoles();
        return backend;
    }

    /** A server certificate and key in PEM files. */
    public record Tls(Path certificate, Path privateKey) {}

    private static Tls serverReadable(Tls tls) throws IOException {
        Path dir = Files.createTempDirectory("sluice-pg-tls");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path certificate = Files.copy(tls.certificate(), dir.resolve("server.crt"));
        Path key = Files.copy(tls.privateKey(), dir.resolve("server.key"));
        Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new Tls(certificate, key);
    }

    private void createRoles() throws SQLException, IOException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + SCRAM_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE ROLE " + PASSWORD_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE " + MD5_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("GRANT ALL ON DATABASE " + DATABASE + " TO " + SCRAM_USER + ", " + MD5_USER + ", " + PASSWORD_USER);
        }
        try (Connection c = superuser(DATABASE); Statement s = c.createStatement()) {
            s.execute("GRANT ALL ON SCHEMA public TO PUBLIC");
        }
        Path hba;
        try (Connection c = superuser("postgres"); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            hba = Path.of(rs.getString(1));
        }
        Files.writeString(hba, String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all " + SCRAM_USER + " 127.0.0.1/32 scram-sha-256",
                "host all " + MD5_USER + " 127.0.0.1/32 md5",
                "host all " + PASSWORD_USER + " 127.0.0.1/32 password",
                "host all postgres ::1/128 trust",
                ""));
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** A direct JDBC connection as the superuser, for setting up and checking data behind Sluice's back. */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?sslmode=disable",
                Map.of("user", "postgres").entrySet().stream().collect(java.util.Properties::new,
                        (p, e) -> p.setProperty(e.getKey(), e.getValue()), java.util.Properties::putAll));
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
