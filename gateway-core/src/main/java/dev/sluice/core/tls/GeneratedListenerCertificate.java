package dev.sluice.core.tls;

import dev.sluice.core.config.ListenerTlsConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate a listener presents when none is configured, so that tokens never cross the network
 * in clear even on a first try. Generated once into {@code <data directory>/tls/} and reused, so clients can pin
 * or trust it; generated again when it is about to expire or the files are unusable.
 */
public final class GeneratedListenerCertificate {
    public static final String DIRECTORY = "tls";
    public static final String CERTIFICATE_FILE = "listener.crt";
    public static final String PRIVATE_KEY_FILE = "listener.key";
    public static final Duration VALIDITY = Duration.ofDays(365);
    /** Renewing a day early keeps a gateway started just before expiry from serving an expired certificate. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(GeneratedListenerCertificate.class);
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private GeneratedListenerCertificate() {}

    /** Creates the certificate and key on first use, reuses them afterwards; returns where they are. */
    public static ListenerTlsConfig ensure(Path dataDirectory) throws IOException {
        return ensure(dataDirectory, Clock.systemUTC());
    }

    static synchronized ListenerTlsConfig ensure(Path dataDirectory, Clock clock) throws IOException {
        Path directory = dataDirectory.resolve(DIRECTORY);
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(PRIVATE_KEY_FILE);
        ListenerTlsConfig files = new ListenerTlsConfig(certificateFile, keyFile);
        X509Certificate existing = reusable(certificateFile, keyFile, clock.instant());
        if (existing != null) {
            log.info("Using the self-signed listener certificate {} (SHA-256 fingerprint {})", certificateFile, sha256Fingerprint(existing));
            return files;
        }
        createOwnerOnlyDirectory(directory);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(keyPair, clock.instant());
            writeOwnerOnly(keyFile, Pem.privateKey(keyPair.getPrivate()));
            writeOwnerOnly(certificateFile, Pem.certificate(certificate));
            log.info("Generated a self-signed listener certificate {} valid until {} (SHA-256 fingerprint {}); "
                    + "clients that verify the server must trust this file", certificateFile, certificate.getNotAfter().toInstant(),
                    sha256Fingerprint(certificate));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate the listener certificate in " + directory + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** Colon-separated upper-case hex, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The existing certificate if it is valid for a while yet and matches the key beside it; otherwise {@code null}. */
    private static X509Certificate reusable(Path certificateFile, Path keyFile, Instant now) throws IOException {
        try {
            X509Certificate certificate = Pem.readCertificate(Files.readAllBytes(certificateFile));
            PrivateKey key = Pem.readPrivateKey(Files.readAllBytes(keyFile), "EC");
            if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                log.info("The self-signed listener certificate {} expires {}; generating a new one",
                        certificateFile, certificate.getNotAfter().toInstant());
                return null;
            }
            if (!matches(certificate, key)) {
                log.warn("The self-signed listener certificate {} does not match its key; generating a new one", certificateFile);
                return null;
            }
            return certificate;
        } catch (NoSuchFileException e) {
            return null;
        } catch (GeneralSecurityException e) {
            log.warn("The self-signed listener certificate or key in {} is unusable ({}); generating a new one",
                    certificateFile.getParent(), e.getMessage());
            return null;
        }
    }

    private static boolean matches(X509Certificate certificate, PrivateKey key) throws GeneralSecurityException {
        byte[] probe = "sluice listener key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static X509Certificate selfSigned(KeyPair keyPair, Instant now) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=sluice");
        BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(63);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, serial, Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAlternativeNames()));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
    }

    private static GeneralName[] subjectAlternativeNames() {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        String hostName = localHostName();
        if (hostName != null && !hostName.equalsIgnoreCase("localhost") && DNS_NAME.matcher(hostName).matches()) {
            names.add(new GeneralName(GeneralName.dNSName, hostName));
        }
        return names.toArray(GeneralName[]::new);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            log.debug("The machine's host name is unknown; the generated certificate names loopback only", e);
            return null;
        }
    }

    private static void createOwnerOnlyDirectory(Path directory) throws IOException {
        if (isPosix(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Written beside the target and moved into place, so a crash never leaves a half-written file. */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        FileAttribute<?>[] attributes = isPosix(file.getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        Files.createFile(temporary, attributes);
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
