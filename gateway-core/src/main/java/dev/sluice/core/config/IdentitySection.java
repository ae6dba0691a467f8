package dev.sluice.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/** The {@code identity} section: trusted OIDC providers and the development issuer. */
final class IdentitySection {
    /** A larger tolerance would keep expired tokens usable for longer than anyone expects. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final List<String> IDENTITY_KEYS = List.of("clock_skew", "providers", "development_issuer");
    private static final List<String> PROVIDER_KEYS =
            List.of("name", "issuer", "audiences", "groups_claim", "algorithms", "jwks_min_refresh_interval");
    private static final List<String> DEVELOPMENT_ISSUER_KEYS = List.of("enabled", "audience", "max_token_lifetime");

    private IdentitySection() {}

    static IdentityConfig read(YamlMapping parent, String key) throws ConfigException {
        YamlMapping identity = parent.mapping(key, IDENTITY_KEYS);
        Duration clockSkew = identity.duration("clock_skew", IdentityConfig.DEFAULT_CLOCK_SKEW);
        if (clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw identity.error("clock_skew", "at most " + Durations.format(MAX_CLOCK_SKEW) + " is allowed");
        }
        List<OidcProviderConfig> providers = providers(identity);
        DevelopmentIssuerConfig developmentIssuer = developmentIssuer(identity);
        if (providers.isEmpty() && !developmentIssuer.enabled()) {
            throw identity.error("no token issuer: configure at least one entry in providers"
                    + " or enable development_issuer, otherwise nobody could ever connect");
        }
        return new IdentityConfig(clockSkew, providers, developmentIssuer);
    }

    private static List<OidcProviderConfig> providers(YamlMapping identity) throws ConfigException {
        List<Node> items = identity.sequence("providers");
        List<OidcProviderConfig> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<URI> issuers = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping item = YamlMapping.open(identity.source(), items.get(i), identity.pathOf("providers") + "[" + i + "]", PROVIDER_KEYS);
            String name = ConfigChecks.name(item, "name");
            if (!names.add(name)) {
                throw item.error("name", "provider name \"" + name + "\" is used twice");
            }
            URI issuer = issuer(item);
            if (!issuers.add(issuer)) {
                throw item.error("issuer", "issuer " + issuer + " is configured twice");
            }
            List<String> audiences = item.stringList("audiences", List.of());
            if (audiences.isEmpty()) {
                throw item.error("audiences", "at least one audience is required (tokens must be meant for Sluice)");
            }
            result.add(new OidcProviderConfig(
                    name,
                    issuer,
                    audiences,
                    item.string("groups_claim", OidcProviderConfig.DEFAULT_GROUPS_CLAIM),
                    algorithms(item),
                    item.duration("jwks_min_refresh_interval", OidcProviderConfig.DEFAULT_JWKS_MIN_REFRESH_INTERVAL)));
        }
        return result;
    }

    /** https only, except on loopback where a local test provider may speak plain http. */
    private static URI issuer(YamlMapping item) throws ConfigException {
        String text = item.requiredString("issuer");
        URI issuer;
        try {
            issuer = new URI(text);
        } catch (URISyntaxException e) {
            throw item.error("issuer", "\"" + text + "\" is not a URL");
        }
        String scheme = issuer.getScheme() == null ? "" : issuer.getScheme().toLowerCase(Locale.ROOT);
        if (issuer.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw item.error("issuer", "expected an https URL, got \"" + text + "\"");
        }
        if (scheme.equals("http") && !isLoopback(issuer.getHost())) {
            throw item.error("issuer", "the issuer must use https (plain http is accepted only for localhost), got \"" + text + "\"");
        }
        if (issuer.getQuery() != null || issuer.getFragment() != null) {
            throw item.error("issuer", "an issuer has no query or fragment, got \"" + text + "\"");
        }
        return issuer;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private static Set<String> algorithms(YamlMapping item) throws ConfigException {
        List<String> listed = item.stringList("algorithms", null);
        if (listed == null) {
            return OidcProviderConfig.DEFAULT_ALGORITHMS;
        }
        if (listed.isEmpty()) {
            throw item.error("algorithms", "at least one algorithm is required");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String algorithm : listed) {
            if (!OidcProviderConfig.SUPPORTED_ALGORITHMS.contains(algorithm)) {
                String why = algorithm.equalsIgnoreCase("none") || algorithm.toUpperCase(Locale.ROOT).startsWith("HS")
                        ? "unsigned and shared-secret (HMAC) algorithms are never allowed"
                        : "not a supported algorithm";
                throw item.error("algorithms", "\"" + algorithm + "\": " + why
                        + " (supported: " + String.join(", ", new TreeSet<>(OidcProviderConfig.SUPPORTED_ALGORITHMS)) + ")");
            }
            result.add(algorithm);
        }
        return result;
    }

    private static DevelopmentIssuerConfig developmentIssuer(YamlMapping identity) throws ConfigException {
        YamlMapping issuer = identity.mapping("development_issuer", DEVELOPMENT_ISSUER_KEYS);
        if (issuer == null) {
            return DevelopmentIssuerConfig.DISABLED;
        }
        Duration maxLifetime = issuer.duration("max_token_lifetime", DevelopmentIssuerConfig.DEFAULT_MAX_TOKEN_LIFETIME);
        if (maxLifetime.isZero()) {
            throw issuer.error("max_token_lifetime", "must be longer than zero");
        }
        return new DevelopmentIssuerConfig(
                issuer.bool("enabled", false),
                issuer.string("audience", DevelopmentIssuerConfig.DEFAULT_AUDIENCE),
                maxLifetime);
    }
}
