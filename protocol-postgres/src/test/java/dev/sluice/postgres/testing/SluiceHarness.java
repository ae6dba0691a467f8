package dev.sluice.postgres.testing;

import dev.sluice.core.access.AccessSettings;
import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.Quorum;
import dev.sluice.core.access.WebhookNotifier;
import dev.sluice.core.config.AccessConfig;
import java.time.Duration;
import dev.sluice.core.config.AdminConfig;
import dev.sluice.core.config.AuditConfig;
import dev.sluice.core.config.BackendConfig;
import dev.sluice.core.config.BackendTlsMode;
import dev.sluice.core.config.ConnectionConfig;
import dev.sluice.core.config.CredentialsConfig;
import dev.sluice.core.config.HostPort;
import dev.sluice.core.config.ListenerConfig;
import dev.sluice.core.config.ListenerTlsConfig;
import dev.sluice.core.config.PolicyConfig;
import dev.sluice.core.config.Protocol;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.server.Gateway;
import dev.sluice.core.testing.OidcTestProvider;
import dev.sluice.core.tls.GeneratedListenerCertificate;
import dev.sluice.core.vault.SecretRef;
import dev.sluice.postgres.frontend.PostgresProtocolModule;
import dev.sluice.policy.AccessList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A real gateway in front of a real PostgreSQL (with TLS), trusting a real OIDC provider. Connections:
 * {@code scram}, {@code md5}, {@code password} (one per backend login method, plain TCP), {@code scram_tls}
 * (verify-full TLS to the backend) and {@code recorded} (its sessions need complete recordings) admit group
 * {@code dba}; {@code restricted} admits group {@code auditors} only.
 */
public final class SluiceHarness implements AutoCloseable {
    public static final String ALLOWED_GROUP = "dba";

    public final OidcTestProvider idp;
    public final PostgresBackend backend;
    public final Gateway gateway;
    public final Path dataDirectory;

    private SluiceHarness(OidcTestProvider idp, PostgresBackend backend, Gateway gateway, Path dataDirectory) {
        this.idp = idp;
        this.backend = backend;
        this.gateway = gateway;
        this.dataDirectory = dataDirectory;
    }

    public static SluiceHarness start() throws Exception {
        return start(null);
    }

    /**
     * @param policyYaml a policy file for the gateway's policy directory, or null for the connections' allow
     *                   lists alone
     */
    public static SluiceHarness start(String policyYaml) throws Exception {
        return start(policyYaml, AuditConfig.DEFAULTS);
    }

    /** Approves access requests where no {@code require_grant} rule names approvers. */
    public static final String APPROVER_GROUP = "approvers";

    /**
     * The harness's access settings: members of {@link #APPROVER_GROUP} answer requests that no rule covers, expiry
     * is looked for every second, and held statements wait at most {@code holdTimeout}.
     */
    public static AccessConfig access(Duration holdTimeout) {
        AccessSettings defaults = AccessSettings.DEFAULTS;
        return new AccessConfig(new AccessSettings(defaults.maxTtl(), defaults.pendingTimeout(), Duration.ofSeconds(1),
                defaults.maxUses(), defaults.maxPendingPerRequester(), defaults.retainFinished()),
                AccessConfig.DEFAULT_ADMIN_GROUP, new Approvers(List.of(APPROVER_GROUP), Quorum.ANY), holdTimeout,
                List.of(), List.of(), WebhookNotifier.Retry.DEFAULTS);
    }

    /** As {@link #start(String)}, recording as {@code audit} says. */
    public static SluiceHarness start(String policyYaml, AuditConfig audit) throws Exception {
        return start(policyYaml, audit, access(AccessConfig.DEFAULT_HOLD_TIMEOUT));
    }

    /** As {@link #start(String, AuditConfig)}, with just-in-time access as {@code access} says. */
    public static SluiceHarness start(String policyYaml, AuditConfig audit, AccessConfig access) throws Exception {
        Path data = Files.createTempDirectory("sluice-it");
        PolicyConfig policies = PolicyConfig.NONE;
        if (policyYaml != null) {
            Path directory = Files.createDirectories(data.resolve("policies"));
            Files.writeString(directory.resolve("test-policy.yaml"), policyYaml);
            policies = PolicyConfig.directory(directory);
        }
        OidcTestProvider idp = new OidcTestProvider().start();
        var certificate = GeneratedListenerCertificate.ensure(data.resolve("backend-ca"));
        PostgresBackend backend = PostgresBackend.start(
                new PostgresBackend.Tls(certificate.certificateChain(), certificate.privateKey()));
        Path passwordFile = data.resolve("backend-password");
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, PostgresBackend.PASSWORD + "\n");
        SecretRef password = SecretRef.parse("file:" + passwordFile);
        AccessList dba = new AccessList(Set.of(), Set.of(ALLOWED_GROUP));
        HostPort pg = new HostPort("127.0.0.1", backend.port());
        List<ConnectionConfig> connections = List.of(
                connection("scram", pg, PostgresBackend.SCRAM_USER, BackendTlsMode.DISABLE, null, password, dba),
                connection("md5", pg, PostgresBackend.MD5_USER, BackendTlsMode.DISABLE, null, password, dba),
                connection("password", pg, PostgresBackend.PASSWORD_USER, BackendTlsMode.DISABLE, null, password, dba),
                connection("scram_tls", pg, PostgresBackend.SCRAM_USER, BackendTlsMode.VERIFY_FULL,
                        certificate.certificateChain(), password, dba),
                connection("restricted", pg, PostgresBackend.SCRAM_USER, BackendTlsMode.DISABLE, null, password,
                        new AccessList(Set.of(), Set.of("auditors"))),
                new ConnectionConfig("recorded", Protocol.POSTGRES,
                        new BackendConfig(pg, PostgresBackend.DATABASE, BackendTlsMode.DISABLE, null),
                        new CredentialsConfig(PostgresBackend.SCRAM_USER, password), dba, true));
        SluiceConfig config = new SluiceConfig(null, data, new AdminConfig(true, new HostPort("127.0.0.1", 0)),
                List.of(new ListenerConfig("postgres", Protocol.POSTGRES, new HostPort("127.0.0.1", 0), ListenerTlsConfig.SELF_SIGNED, false),
                        new ListenerConfig("plain", Protocol.POSTGRES, new HostPort("127.0.0.1", 0), ListenerTlsConfig.SELF_SIGNED, true)),
                idp.identityConfig(), connections, policies, audit, access);
        Gateway gateway = Gateway.start(config, List.of(PostgresProtocolModule::new));
        return new SluiceHarness(idp, backend, gateway, data);
    }

    private static ConnectionConfig connection(String name, HostPort pg, String user, BackendTlsMode tls, Path ca,
                                               SecretRef password, AccessList allow) {
        return new ConnectionConfig(name, Protocol.POSTGRES, new BackendConfig(pg, PostgresBackend.DATABASE, tls, ca),
                new CredentialsConfig(user, password), allow);
    }

    public int port() {
        return gateway.listenerAddress("postgres").getPort();
    }

    public int plaintextPort() {
        return gateway.listenerAddress("plain").getPort();
    }

    /** A token for {@code subject} in {@code groups}. */
    public String token(String subject, String... groups) {
        return idp.token(subject, groups);
    }

    /** A token for {@code subject} in the allowed group. */
    public String token(String subject) {
        return idp.token(subject, ALLOWED_GROUP);
    }

    public String jdbcUrl(String connection) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + connection + "?sslmode=require";
    }

    /** A JDBC connection through Sluice, with the token as password. */
    public Connection connect(String connection, String token) throws SQLException {
        return connect(connection, token, new Properties());
    }

    public Connection connect(String connection, String token, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(extra);
        properties.setProperty("user", "alice");
        properties.setProperty("password", token);
        return DriverManager.getConnection(jdbcUrl(connection), properties);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        backend.close();
        idp.close();
    }
}
