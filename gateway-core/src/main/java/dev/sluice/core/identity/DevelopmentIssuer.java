package dev.sluice.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Sluice's built-in token issuer, for trying Sluice without an identity provider. It signs ES256 tokens with
 * a P-256 key kept in {@code {dataDirectory}/dev-issuer/signing-key.json} (created on first use, mode
 * {@code 600} in a {@code 700} directory). {@link OidcTokenAuthenticator} accepts its tokens from loopback
 * clients only. Usable without a running server, as {@code sluice token} does.
 */
public final class DevelopmentIssuer {
    /** The provider name reported in {@link Identity#provider()} for tokens it minted. */
    public static final String PROVIDER_NAME = "development";
    public static final String GROUPS_CLAIM = "groups";
    static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private final DevelopmentIssuerConfig config;
    private final ECKey signingKey;
    private final Path keyFile;
    private final Clock clock;

    private DevelopmentIssuer(DevelopmentIssuerConfig config, ECKey signingKey, Path keyFile, Clock clock) {
        this.config = config;
        this.signingKey = signingKey;
        this.keyFile = keyFile;
        this.clock = clock;
    }

    /** Loads the signing key from the data directory, creating it on first use. */
    public static DevelopmentIssuer open(Path dataDirectory, DevelopmentIssuerConfig config) throws IOException {
        return open(dataDirectory, config, Clock.systemUTC());
    }

    /**
     * @param clock the time tokens are minted at
     * @throws IllegalStateException if the configuration does not enable the development issuer
     * @throws IOException if the key file cannot be read or written, is not a P-256 private key, or others may read it
     */
    public static DevelopmentIssuer open(Path dataDirectory, DevelopmentIssuerConfig config, Clock clock) throws IOException {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        if (config == null || !config.enabled()) {
            throw new IllegalStateException("the development issuer is not enabled in the identity configuration");
        }
        Path directory = dataDirectory.resolve("dev-issuer");
        Path keyFile = directory.resolve("signing-key.json");
        OwnerOnlyFiles.createDirectory(directory);
        if (!Files.exists(keyFile)) {
            OwnerOnlyFiles.writeNew(keyFile, generateKey().toJSONString().getBytes(StandardCharsets.UTF_8));
        }
        return new DevelopmentIssuer(config, loadKey(keyFile), keyFile, clock);
    }

    /**
     * A signed compact JWT for {@code subject}, valid from now for {@code ttl}.
     *
     * @throws IllegalArgumentException if {@code ttl} is not positive or exceeds the configured maximum lifetime
     */
    public String mint(String subject, Collection<String> groups, Duration ttl) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        if (ttl.compareTo(config.maxTokenLifetime()) > 0) {
            throw new IllegalArgumentException("token lifetime " + ttl + " exceeds the development issuer's maximum of "
                    + config.maxTokenLifetime());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(DevelopmentIssuerConfig.ISSUER)
                .audience(config.audience())
                .subject(subject)
                .claim(GROUPS_CLAIM, groups == null ? List.of() : List.copyOf(groups))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(ALGORITHM)
                .keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT token = new SignedJWT(header, claims);
        try {
            token.sign(new ECDSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign with the development issuer key", e);
        }
        return token.serialize();
    }

    public DevelopmentIssuerConfig config() {
        return config;
    }

    /** The public half of the signing key; its key id is the one minted tokens carry. */
    public ECKey publicKey() {
        return signingKey.toPublicJWK();
    }

    public Path keyFile() {
        return keyFile;
    }

    private static ECKey generateKey() throws IOException {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IOException("could not generate the development issuer key", e);
        }
    }

    private static ECKey loadKey(Path keyFile) throws IOException {
        if (OwnerOnlyFiles.isShared(keyFile)) {
            throw new IOException(keyFile + " is readable or writable by group or others; restrict it with: chmod 600 "
                    + keyFile);
        }
        try {
            JWK key = JWK.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) && ec.isPrivate() && ec.getKeyID() != null) {
                return ec;
            }
        } catch (ParseException e) {
            throw new IOException(keyFile + " is not a JSON Web Key; delete it to create a new development issuer key", e);
        }
        throw new IOException(keyFile + " is not a P-256 private key with a key id; delete it to create a new one");
    }
}
