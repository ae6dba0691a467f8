package dev.sluice.core.config;

import dev.sluice.core.vault.SecretRef;
import dev.sluice.policy.AccessList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** The {@code connections} section: the backends clients reach through Sluice. */
final class ConnectionSection {
    /** The safest choice: a backend must prove who it is. */
    static final BackendTlsMode DEFAULT_BACKEND_TLS = BackendTlsMode.VERIFY_FULL;

    private static final List<String> CONNECTION_KEYS = List.of("name", "protocol", "backend", "credentials", "allow",
            "require_recording");
    private static final List<String> BACKEND_KEYS = List.of("address", "database", "tls", "ca_certificate");
    private static final List<String> CREDENTIALS_KEYS = List.of("username", "password");
    private static final List<String> ALLOW_KEYS = List.of("groups", "subjects");

    private ConnectionSection() {}

    static List<ConnectionConfig> read(YamlMapping parent, String key, Path base) throws ConfigException {
        List<Node> items = parent.sequence(key);
        List<ConnectionConfig> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping item = YamlMapping.open(parent.source(), items.get(i), parent.pathOf(key) + "[" + i + "]", CONNECTION_KEYS);
            String name = ConfigChecks.name(item, "name");
            if (!names.add(name)) {
                throw item.error("name", "connection name \"" + name + "\" is used twice");
            }
            result.add(new ConnectionConfig(
                    name, ConfigChecks.protocol(item), backend(item, base), credentials(item, base), allow(item),
                    item.bool("require_recording", ConnectionConfig.DEFAULT_REQUIRE_RECORDING)));
        }
        return result;
    }

    private static BackendConfig backend(YamlMapping connection, Path base) throws ConfigException {
        connection.required("backend");
        YamlMapping backend = connection.mapping("backend", BACKEND_KEYS);
        HostPort address = backend.hostPort("address", null);
        if (address.port() == 0) {
            throw backend.error("address", "the backend port must be from 1 to 65535");
        }
        String database = backend.requiredString("database");
        BackendTlsMode tls = DEFAULT_BACKEND_TLS;
        if (backend.has("tls")) {
            try {
                tls = BackendTlsMode.fromYaml(backend.requiredString("tls"));
            } catch (IllegalArgumentException e) {
                throw backend.error("tls", e.getMessage());
            }
        }
        Path caCertificate = backend.path("ca_certificate", base);
        if (caCertificate != null) {
            if (tls != BackendTlsMode.VERIFY_FULL) {
                throw backend.error("ca_certificate",
                        "has no effect with tls: " + tls.yamlName() + " (the certificate is not checked); use tls: verify-full");
            }
            ConfigChecks.checkReadableFile(backend, "ca_certificate", caCertificate);
        }
        return new BackendConfig(address, database, tls, caCertificate);
    }

    /** The password is a reference; an inline value is refused without ever repeating it. */
    private static CredentialsConfig credentials(YamlMapping connection, Path base) throws ConfigException {
        Node node = connection.required("credentials");
        if (!(node instanceof MappingNode)) {
            throw connection.error("credentials", "expected a mapping of username, password");
        }
        YamlMapping credentials = connection.mapping("credentials", CREDENTIALS_KEYS);
        String username = credentials.requiredString("username");
        Node passwordNode = credentials.required("password");
        String text = credentials.scalarText(passwordNode, credentials.pathOf("password"));
        SecretRef password;
        try {
            password = SecretRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw credentials.error("password",
                    "a password must be a reference, env:VARIABLE or file:PATH; an inline password is refused (value not shown)");
        }
        if (password.kind() == SecretRef.Kind.FILE) {
            password = new SecretRef(SecretRef.Kind.FILE, base.resolve(password.location()).normalize().toString());
        }
        return new CredentialsConfig(username, password);
    }

    /** No {@code allow}: nobody may use the connection (default deny). */
    private static AccessList allow(YamlMapping connection) throws ConfigException {
        YamlMapping allow = connection.mapping("allow", ALLOW_KEYS);
        if (allow == null) {
            return AccessList.NOBODY;
        }
        return new AccessList(
                Set.copyOf(allow.stringList("subjects", List.of())),
                Set.copyOf(allow.stringList("groups", List.of())));
    }
}
