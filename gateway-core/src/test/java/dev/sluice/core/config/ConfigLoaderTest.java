package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.vault.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String IDENTITY = """
            identity:
              providers:
                - name: corp
                  issuer: https://idp.example.com/realms/corp
                  audiences: [sluice]
            """;
    private static final String LISTENERS = """
            listeners:
              - name: pg
                protocol: postgres
                bind: 127.0.0.1:6432
            """;

    @TempDir
    Path dir;

    private SluiceConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", dir);
    }

    private static String connection(String backend, String password) {
        return """
                connections:
                  - name: orders
                    protocol: postgres
                    backend: %s
                    credentials: { username: sluice, password: %s }
                """.formatted(backend, password);
    }

    @Test
    void documentedExampleLoads() throws Exception {
        Path example = Path.of("../config/sluice.yaml").toAbsolutePath().normalize();
        SluiceConfig config = ConfigLoader.load(example);

        assertThat(config.source()).isEqualTo(example);
        assertThat(config.dataDirectory()).isEqualTo(example.getParent().resolve("data"));
        assertThat(config.admin()).isEqualTo(new AdminConfig(true, new HostPort("127.0.0.1", 9090)));
        assertThat(config.listeners()).containsExactly(new ListenerConfig(
                "postgres", Protocol.POSTGRES, new HostPort("127.0.0.1", 6432), ListenerTlsConfig.SELF_SIGNED, false));
        OidcProviderConfig corp = config.identity().providers().get(0);
        assertThat(corp.issuer()).hasToString("https://idp.example.com/realms/corp");
        assertThat(corp.algorithms()).containsExactlyInAnyOrder("RS256", "ES256", "PS256", "EdDSA");
        assertThat(config.identity().developmentIssuer()).isEqualTo(DevelopmentIssuerConfig.DISABLED);
        ConnectionConfig orders = config.connection("orders").orElseThrow();
        assertThat(orders.backend()).isEqualTo(
                new BackendConfig(new HostPort("db.internal", 5432), "orders", BackendTlsMode.VERIFY_FULL, null));
        assertThat(orders.credentials().password()).isEqualTo(new SecretRef(SecretRef.Kind.ENV, "ORDERS_DB_PASSWORD"));
        assertThat(orders.allow().admits("alice", Set.of())).isTrue();
        assertThat(orders.allow().admits("bob", Set.of("dev"))).isTrue();
        assertThat(orders.allow().admits("bob", Set.of("sales"))).isFalse();
        assertThat(config.policies()).isEqualTo(new PolicyConfig(
                java.util.Optional.of(example.getParent().resolve("policies")), java.time.Duration.ofSeconds(2)));
    }

    @Test
    void omittedKeysTakeTheirDefaults() throws Exception {
        SluiceConfig config = parse(LISTENERS + IDENTITY);

        assertThat(config.source()).isNull();
        assertThat(config.dataDirectory()).isEqualTo(dir.resolve("data"));
        assertThat(config.admin()).isEqualTo(new AdminConfig(true, AdminConfig.DEFAULT_BIND));
        assertThat(config.listeners().get(0).tls()).isEqualTo(ListenerTlsConfig.SELF_SIGNED);
        assertThat(config.listeners().get(0).allowPlaintext()).isFalse();
        assertThat(config.identity().clockSkew()).isEqualTo(IdentityConfig.DEFAULT_CLOCK_SKEW);
        OidcProviderConfig corp = config.identity().providers().get(0);
        assertThat(corp.groupsClaim()).isEqualTo("groups");
        assertThat(corp.algorithms()).isEqualTo(OidcProviderConfig.DEFAULT_ALGORITHMS);
        assertThat(corp.jwksMinRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.connections()).isEmpty();
        assertThat(config.audit()).isEqualTo(AuditConfig.DEFAULTS);
    }

    @Test
    void auditSettingsAreReadAndCheckedWithTheirPlace() throws Exception {
        SluiceConfig config = parse(LISTENERS + IDENTITY + """
                audit:
                  auditor_group: compliance
                  retention_days: 90
                  on_failure: continue
                  fsync_interval: 50ms
                """);
        assertThat(config.audit()).isEqualTo(new AuditConfig("compliance", 90,
                dev.sluice.core.audit.RecordingFailurePolicy.CONTINUE_AND_FLAG, AuditConfig.DEFAULT_QUEUE_CAPACITY, Duration.ofMillis(50)));
        assertThat(parse(LISTENERS + IDENTITY + "audit:\n  on_failure: refuse\n").audit().onFailure())
                .isEqualTo(dev.sluice.core.audit.RecordingFailurePolicy.REFUSE);
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY + "audit:\n  retention_days: forever\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.yaml:11:19").hasMessageContaining("audit.retention_days")
                .hasMessageContaining("expected a whole number from 1 to 36500, got \"forever\"");
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY + "audit:\n  on_failure: ignore\n"))
                .hasMessageContaining("expected refuse or continue");
    }

    @Test
    void connectionWithoutAllowAdmitsNobodyAndBackendTlsDefaultsToVerifyFull() throws Exception {
        SluiceConfig config = parse(LISTENERS + IDENTITY + connection("{ address: db:5432, database: orders }", "env:PW"));

        ConnectionConfig orders = config.connections().get(0);
        assertThat(orders.allow()).isEqualTo(dev.sluice.policy.AccessList.NOBODY);
        assertThat(orders.backend().tls()).isEqualTo(BackendTlsMode.VERIFY_FULL);
        assertThat(orders.requireRecording()).isFalse();
    }

    @Test
    void aConnectionCanRequireRecording() throws Exception {
        SluiceConfig config = parse(LISTENERS + IDENTITY + connection("{ address: db:5432, database: orders }", "env:PW")
                + "    require_recording: true\n");
        assertThat(config.connections().get(0).requireRecording()).isTrue();
    }

    @Test
    void relativePathsResolveAgainstTheConfigFilesDirectory() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/cert.pem"), "x");
        Files.writeString(dir.resolve("tls/key.pem"), "x");
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, """
                data_directory: state
                listeners:
                  - name: pg
                    protocol: postgres
                    bind: 0.0.0.0:6432
                    tls: { certificate: tls/cert.pem, private_key: tls/key.pem }
                """ + IDENTITY + connection(
                "{ address: db:5432, database: orders, tls: verify-full, ca_certificate: ca.pem }", "file:secrets/pw"));

        SluiceConfig config = ConfigLoader.load(file);

        assertThat(config.dataDirectory()).isEqualTo(dir.resolve("state"));
        assertThat(config.listeners().get(0).tls())
                .isEqualTo(new ListenerTlsConfig(dir.resolve("tls/cert.pem"), dir.resolve("tls/key.pem")));
        assertThat(config.connections().get(0).backend().caCertificate()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(config.connections().get(0).credentials().password())
                .isEqualTo(new SecretRef(SecretRef.Kind.FILE, dir.resolve("secrets/pw").toString()));
    }

    @Test
    void ipv6BindInBracketsIsAccepted() throws Exception {
        SluiceConfig config = parse(LISTENERS.replace("127.0.0.1:6432", "\"[::1]:6432\"") + IDENTITY);

        assertThat(config.listeners().get(0).bind()).isEqualTo(new HostPort("::1", 6432));
    }

    @Test
    void badBindNamesFileLineColumnAndPath() {
        assertThatThrownBy(() -> parse(LISTENERS.replace("127.0.0.1:6432", "abc") + IDENTITY))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:4:11: listeners[0].bind: expected host:port, got \"abc\" (the port is missing)");
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertThatThrownBy(() -> parse(LISTENERS.replace("6432", "70000") + IDENTITY))
                .hasMessageContaining("listeners[0].bind: expected host:port, got \"127.0.0.1:70000\"");
    }

    @Test
    void unknownKeyIsRefusedListingTheAllowedKeys() {
        assertThatThrownBy(() -> parse(LISTENERS + "    allow_plain_text: true\n" + IDENTITY))
                .hasMessage("test.yaml:5:5: listeners[0]: unknown key \"allow_plain_text\""
                        + " (allowed: name, protocol, bind, tls, allow_plaintext)");
    }

    @Test
    void duplicateKeyIsRefused() {
        assertThatThrownBy(() -> parse(LISTENERS + "    bind: 127.0.0.1:7000\n" + IDENTITY))
                .hasMessage("test.yaml:5:5: listeners[0]: duplicate key \"bind\"");
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> parse("listeners:\n  - name: [pg\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:3:1: invalid YAML:");
    }

    @Test
    void listenerNamesMustBeUnique() {
        String twice = LISTENERS + LISTENERS.substring("listeners:\n".length()).replace("6432", "6433");
        assertThatThrownBy(() -> parse(twice + IDENTITY))
                .hasMessage("test.yaml:5:11: listeners[1].name: listener name \"pg\" is used twice");
    }

    @Test
    void twoListenersOnTheSameAddressAreRefused() {
        String twice = LISTENERS + LISTENERS.substring("listeners:\n".length()).replace("name: pg", "name: pg2");
        assertThatThrownBy(() -> parse(twice + IDENTITY))
                .hasMessageContaining("listeners[1].bind: 127.0.0.1:6432 is already used by listener \"pg\"");
    }

    @Test
    void connectionNamesMustBeUnique() {
        String one = connection("{ address: db:5432, database: orders }", "env:PW");
        String twice = one + one.substring("connections:\n".length());
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY + twice))
                .hasMessageContaining("connections[1].name: connection name \"orders\" is used twice");
    }

    @Test
    void onlyPostgresIsSupported() {
        assertThatThrownBy(() -> parse(LISTENERS.replace("protocol: postgres", "protocol: mysql") + IDENTITY))
                .hasMessage("test.yaml:3:15: listeners[0].protocol: unsupported protocol \"mysql\" (supported: postgres)");
    }

    @Test
    void atLeastOneListenerIsRequired() {
        assertThatThrownBy(() -> parse(IDENTITY)).hasMessageContaining("listeners: at least one listener is required");
    }

    @Test
    void listenerTlsNeedsBothCertificateAndKey() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "x");
        assertThatThrownBy(() -> parse(LISTENERS + "    tls: { certificate: cert.pem }\n" + IDENTITY))
                .hasMessageContaining("listeners[0].tls: give both certificate and private_key");
    }

    @Test
    void inlinePasswordIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY
                        + connection("{ address: db:5432, database: orders }", "hunter2secret")))
                .hasMessageContaining("connections[0].credentials.password: a password must be a reference")
                .hasMessageNotContaining("hunter2secret");
    }

    @Test
    void unknownBackendTlsModeIsRefused() {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY
                        + connection("{ address: db:5432, database: orders, tls: prefer }", "env:PW")))
                .hasMessageContaining("connections[0].backend.tls: expected one of disable, require, verify-full but got \"prefer\"");
    }

    @Test
    void missingCaCertificateFileIsRefused() {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY
                        + connection("{ address: db:5432, database: orders, ca_certificate: nope.pem }", "env:PW")))
                .hasMessageContaining("connections[0].backend.ca_certificate: file " + dir.resolve("nope.pem") + " does not exist");
    }

    @Test
    void caCertificateWithoutVerificationIsRefused() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY
                        + connection("{ address: db:5432, database: orders, tls: require, ca_certificate: ca.pem }", "env:PW")))
                .hasMessageContaining("ca_certificate: has no effect with tls: require");
    }

    @Test
    void configurationWithoutAnyIssuerIsRefused() {
        assertThatThrownBy(() -> parse(LISTENERS + "identity:\n  clock_skew: 10s\n"))
                .hasMessageContaining("identity: no token issuer");
    }

    @Test
    void enabledDevelopmentIssuerIsEnoughToStart() throws Exception {
        SluiceConfig config = parse(LISTENERS + "identity:\n  development_issuer: { enabled: true, max_token_lifetime: 1h }\n");

        assertThat(config.identity().developmentIssuer())
                .isEqualTo(new DevelopmentIssuerConfig(true, "sluice", Duration.ofHours(1)));
        assertThat(config.identity().providers()).isEmpty();
    }

    @Test
    void hmacAndNoneAlgorithmsAreNeverAllowed() {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY + "      algorithms: [RS256, HS256]\n"))
                .hasMessageContaining("identity.providers[0].algorithms: \"HS256\": unsigned and shared-secret (HMAC) algorithms are never allowed");
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY + "      algorithms: [none]\n"))
                .hasMessageContaining("\"none\": unsigned and shared-secret (HMAC) algorithms are never allowed");
    }

    @Test
    void plainHttpIssuerIsAcceptedOnlyOnLoopback() throws Exception {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY.replace("https://idp.example.com", "http://idp.example.com")))
                .hasMessageContaining("identity.providers[0].issuer: the issuer must use https");

        SluiceConfig local = parse(LISTENERS + IDENTITY.replace("https://idp.example.com", "http://localhost:8080"));
        assertThat(local.identity().providers().get(0).issuer()).hasToString("http://localhost:8080/realms/corp");
    }

    @Test
    void clockSkewIsBounded() {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY.replace("identity:\n", "identity:\n  clock_skew: 1h\n")))
                .hasMessageContaining("identity.clock_skew: at most 5m is allowed");
    }

    @Test
    void badDurationSaysWhatIsExpected() {
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY.replace("identity:\n", "identity:\n  clock_skew: 30\n")))
                .hasMessage("test.yaml:6:15: identity.clock_skew: expected a duration such as 500ms, 30s, 5m, 1h or 2d, got \"30\"");
    }

    @Test
    void booleansAreTrueOrFalse() {
        assertThatThrownBy(() -> parse(LISTENERS + "    allow_plaintext: yes\n" + IDENTITY))
                .hasMessageContaining("listeners[0].allow_plaintext: expected true or false, got \"yes\"");
    }

    @Test
    void aliasExpansionIsBounded() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + previous + ", ").repeat(9)).append('*').append(previous).append("]\n");
        }
        assertThatThrownBy(() -> parse(bomb.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void applicationTagsAreRefused() {
        assertThatThrownBy(() -> parse(LISTENERS.replace("name: pg", "name: !secret pg") + IDENTITY))
                .hasMessage("test.yaml:2:11: listeners[0].name: YAML tags such as !secret are not supported");
        assertThatThrownBy(() -> parse(LISTENERS.replace("name: pg", "name: !!java.io.File pg") + IDENTITY))
                .hasMessage("test.yaml:2:11: invalid YAML: Global tag is not allowed: tag:yaml.org,2002:java.io.File");
    }

    @Test
    void emptyFileIsRefused() {
        assertThatThrownBy(() -> parse("# nothing\n")).hasMessage("test.yaml: the configuration is empty");
    }

    @Test
    void missingFileIsReportedWithItsName() {
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(missing + ": cannot read the configuration file");
    }

    @Test
    void policiesNameAnExistingDirectoryRelativeToTheFile() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("policies"));
        SluiceConfig config = parse(LISTENERS + IDENTITY + "policies: { directory: policies, reload_interval: 5s }\n");
        assertThat(config.policies().directory()).contains(dir.resolve("policies"));
        assertThat(config.policies().reloadInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(parse(LISTENERS + IDENTITY).policies()).isEqualTo(PolicyConfig.NONE);
        assertThatThrownBy(() -> parse(LISTENERS + IDENTITY + "policies:\n  directory: nowhere\n"))
                .hasMessageContaining("policies.directory: directory " + dir.resolve("nowhere") + " does not exist");
    }

    @Test
    void accessSectionIsRead() throws Exception {
        SluiceConfig config = parse(IDENTITY + LISTENERS + """
                access:
                  max_ttl: 2h
                  sweep_interval: 1s
                  admin_group: security
                  hold_timeout: 90s
                  approvers: { groups: [dba, leads], quorum: 2 }
                  auto_approve:
                    - rule: agents-read
                      max_ttl: 30s
                      max_uses: 1
                      business_hours: { zone: Europe/Paris, days: [mon, fri], from: "09:00", until: "18:00" }
                  webhooks:
                    - url: https://hooks.example.com/sluice
                      signing_key: file:webhook.key
                    - url: https://hooks.slack.com/services/T/B/X
                      format: slack
                  webhook_retry: { max_attempts: 3 }
                """);
        AccessConfig access = config.access();
        assertThat(access.settings().maxTtl()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(access.settings().sweepInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(access.adminGroup()).isEqualTo("security");
        assertThat(access.holdTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(access.approvers().groups()).containsExactly("dba", "leads");
        assertThat(access.approvers().quorum().count()).isEqualTo(2);
        assertThat(access.autoApprove()).singleElement().satisfies(rule -> {
            assertThat(rule.rule()).isEqualTo("agents-read");
            assertThat(rule.maxUses()).isEqualTo(1);
            assertThat(rule.hours().days()).containsExactlyInAnyOrder(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY);
        });
        assertThat(access.webhooks()).hasSize(2);
        assertThat(access.webhooks().get(0).signingKey().location()).isEqualTo(dir.resolve("webhook.key").toString());
        assertThat(access.webhooks().get(1).format()).isEqualTo(dev.sluice.core.access.Webhook.Format.SLACK);
        assertThat(access.webhookRetry().maxAttempts()).isEqualTo(3);
    }

    @Test
    void accessDefaultsWhenTheSectionIsAbsent() throws Exception {
        assertThat(parse(IDENTITY + LISTENERS).access()).isEqualTo(AccessConfig.DEFAULTS);
    }

    @Test
    void anInlineWebhookKeyIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> parse(IDENTITY + LISTENERS + """
                access:
                  webhooks:
                    - url: https://hooks.example.com/sluice
                      signing_key: s3cr3t
                """)).hasMessageContaining("signing_key").hasMessageContaining("not written inline")
                .hasMessageNotContaining("s3cr3t");
    }
}
