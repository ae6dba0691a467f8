package dev.sluice.core.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.config.OidcProviderConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID Connect issuer on the JDK's HTTP server, publishing keys the test chooses: discovery at
 * {@code /.well-known/openid-configuration} and the key set at {@code /jwks}. For what a full mock provider
 * does not offer: any key type (Ed25519), key rotation, outages, and counting key-set requests.
 */
public final class StaticKeysIssuer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger keySetRequests = new AtomicInteger();
    private volatile JWKSet published = new JWKSet();
    private volatile int keySetStatus = 200;
    private volatile String advertisedIssuer;

    private StaticKeysIssuer(HttpServer server) {
        this.server = server;
        this.advertisedIssuer = issuerUrl().toString();
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::keySet);
        server.start();
    }

    /** Listens on a free loopback port. */
    public static StaticKeysIssuer start() throws IOException {
        return new StaticKeysIssuer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    public URI issuerUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Replaces the published key set with the public parts of {@code keys}. */
    public void publish(JWK... keys) {
        published = new JWKSet(List.of(keys)).toPublicJWKSet();
    }

    /** Makes the key-set endpoint answer with {@code status} (200 serves the keys again). */
    public void keySetStatus(int status) {
        keySetStatus = status;
    }

    /** Makes discovery name another issuer than this one. */
    public void advertiseIssuer(String issuer) {
        advertisedIssuer = issuer;
    }

    public int keySetRequests() {
        return keySetRequests.get();
    }

    /** Trusts this issuer for audience {@link OidcTestProvider#AUDIENCE} with the given algorithms. */
    public OidcProviderConfig providerConfig(Set<String> algorithms, Duration jwksMinRefreshInterval) {
        return new OidcProviderConfig("static-keys", issuerUrl(), List.of(OidcTestProvider.AUDIENCE),
                OidcProviderConfig.DEFAULT_GROUPS_CLAIM, algorithms, jwksMinRefreshInterval);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        respond(exchange, 200, JSONObjectUtils.toJSONString(Map.of(
                "issuer", advertisedIssuer,
                "jwks_uri", issuerUrl() + "/jwks")));
    }

    private void keySet(HttpExchange exchange) throws IOException {
        keySetRequests.incrementAndGet();
        int status = keySetStatus;
        respond(exchange, status, status == 200 ? published.toString() : "{\"error\":\"unavailable\"}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
