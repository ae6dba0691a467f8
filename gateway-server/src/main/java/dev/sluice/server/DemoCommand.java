package dev.sluice.server;

import dev.sluice.core.config.AdminConfig;
import dev.sluice.core.config.BackendConfig;
import dev.sluice.core.config.BackendTlsMode;
import dev.sluice.core.config.ConnectionConfig;
import dev.sluice.core.config.CredentialsConfig;
import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.config.HostPort;
import dev.sluice.core.config.IdentityConfig;
import dev.sluice.core.config.ListenerConfig;
import dev.sluice.core.config.ListenerTlsConfig;
import dev.sluice.core.config.PolicyConfig;
import dev.sluice.core.config.Protocol;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.identity.DevelopmentIssuer;
import dev.sluice.core.server.Gateway;
import dev.sluice.core.vault.SecretRef;
import dev.sluice.policy.AccessList;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run Sluice on embedded defaults: a sample PostgreSQL, the development issuer, TLS on loopback.")
final class DemoCommand implements Callable<Integer> {
    static final String DEFAULT_DATA_DIRECTORY = "data";
    static final String CONNECTION = "demo";
    static final Set<String> ALLOWED_GROUPS = Set.of("dba");
    /** The demo's policy: DBAs as the allow list says; analysts read only and see masked customer data. */
    static final String POLICY = """
            # Written by `sluice demo`; see docs/policy.md and docs/masking.md.
            rules:
              - name: analysts-read-only-masked
                match: { groups: [analysts], connections: ["*"] }
                allow: true
                read_only: true
                record: full
                mask:
                  - columns: ["*email*"]
                    masker: email
                  - columns: ["*card*"]
                    masker: { partial: { keep_last: 4 } }
                  - detectors: [card, us_ssn, iban, jwt, aws_access_key, private_key, secret_assignment]
                    masker: redact
              - name: no-drop-or-truncate
                match: { subjects: ["*"], connections: ["*"], command_tags: ["DROP *", "TRUNCATE TABLE"] }
                block: "DROP and TRUNCATE are not run through Sluice"
              - name: no-where-less-writes
                match: { subjects: ["*"], connections: ["*"], where_less_write: true }
                block: "UPDATE or DELETE without WHERE would change every row; add a WHERE clause"
            """;

    @Option(names = "--port", defaultValue = "6432", description = "Postgres listener port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--admin-port", defaultValue = "9090", description = "Admin (health, metrics) port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--data-dir", defaultValue = DEFAULT_DATA_DIRECTORY, description = "Data directory (default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Override
    public Integer call() throws Exception {
        Path directory = dataDirectory.toAbsolutePath();
        Files.createDirectories(directory.resolve("demo-policies"));
        Files.writeString(directory.resolve("demo-policies").resolve("demo.yaml"), POLICY);
        DevelopmentIssuerConfig issuerConfig = new DevelopmentIssuerConfig(true, DevelopmentIssuerConfig.DEFAULT_AUDIENCE,
                DevelopmentIssuerConfig.DEFAULT_MAX_TOKEN_LIFETIME);
        try (DemoDatabase database = DemoDatabase.start(directory);
             Gateway gateway = Gateway.start(config(directory, issuerConfig, database), Modules.ALL)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                try {
                    database.close();
                } catch (java.io.IOException ignored) {
                    // the process is exiting; the embedded server's files are temporary
                }
            }, "sluice-demo-shutdown"));
            String token = DevelopmentIssuer.open(directory, issuerConfig).mint("alice", List.of("dba"), Duration.ofHours(8));
            InetSocketAddress listener = gateway.listenerAddress("postgres");
            System.out.println();
            System.out.println("Sluice demo is running: PostgreSQL connection \"" + CONNECTION + "\" behind " + listener.getHostString() + ":"
                    + listener.getPort() + ", admin on http://127.0.0.1:" + gateway.adminAddress().getPort() + "/metrics");
            System.out.println("Connect as alice (group dba) with this command line:");
            System.out.println();
            System.out.println(psqlCommand(listener, token));
            System.out.println();
            System.out.println("Bob (group analysts) reads only, and sees emails and card numbers masked:");
            System.out.println("  PGPASSWORD=\"$(bin/sluice token --data-dir " + dataDirectory + " --subject bob --groups analysts)\" psql \"host="
                    + listener.getHostString() + " port=" + listener.getPort() + " dbname=" + CONNECTION + " user=bob sslmode=require\"");
            System.out.println("Sessions are recorded: bin/sluice sessions list --data-dir " + dataDirectory
                    + "   then   bin/sluice replay --data-dir " + dataDirectory + " ID");
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            Thread.currentThread().join();
        }
        return 0;
    }

    static String psqlCommand(InetSocketAddress listener, String token) {
        return "PGPASSWORD='" + token + "' psql \"host=" + listener.getHostString() + " port=" + listener.getPort()
                + " dbname=" + CONNECTION + " user=alice sslmode=require\"";
    }

    private SluiceConfig config(Path directory, DevelopmentIssuerConfig issuer, DemoDatabase database) {
        ListenerConfig listener = new ListenerConfig("postgres", Protocol.POSTGRES, new HostPort("127.0.0.1", port),
                ListenerTlsConfig.SELF_SIGNED, false);
        ConnectionConfig connection = new ConnectionConfig(CONNECTION, Protocol.POSTGRES,
                new BackendConfig(new HostPort("127.0.0.1", database.port()), DemoDatabase.DATABASE, BackendTlsMode.DISABLE, null),
                new CredentialsConfig(DemoDatabase.ROLE, SecretRef.parse("file:" + database.passwordFile())),
                new AccessList(Set.of(), ALLOWED_GROUPS));
        return new SluiceConfig(null, directory, new AdminConfig(true, new HostPort("127.0.0.1", adminPort)), List.of(listener),
                new IdentityConfig(IdentityConfig.DEFAULT_CLOCK_SKEW, List.of(), issuer), List.of(connection),
                PolicyConfig.directory(directory.resolve("demo-policies")));
    }
}
