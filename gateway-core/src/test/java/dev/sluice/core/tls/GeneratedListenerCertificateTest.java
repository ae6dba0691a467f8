package dev.sluice.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ListenerTlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedListenerCertificateTest {
    @TempDir
    Path dataDirectory;

    @Test
    void certificateIsGeneratedOnceAndReusedAfterwards() throws Exception {
        ListenerTlsConfig first = GeneratedListenerCertificate.ensure(dataDirectory);
        byte[] certificate = Files.readAllBytes(first.certificateChain());
        byte[] key = Files.readAllBytes(first.privateKey());

        ListenerTlsConfig second = GeneratedListenerCertificate.ensure(dataDirectory);

        assertThat(second).isEqualTo(first);
        assertThat(first.certificateChain()).isEqualTo(dataDirectory.resolve("tls/listener.crt"));
        assertThat(Files.readAllBytes(second.certificateChain())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(second.privateKey())).isEqualTo(key);
    }

    @Test
    void privateKeyIsReadableByTheOwnerOnly() throws Exception {
        ListenerTlsConfig files = GeneratedListenerCertificate.ensure(dataDirectory);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("tls")))).isEqualTo("rwx------");
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void certificateNamesLoopbackAndServesTheServerRole() throws Exception {
        X509Certificate certificate = read(GeneratedListenerCertificate.ensure(dataDirectory));

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=sluice");
        assertThat(certificate.getSubjectAlternativeNames())
                .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(364));
    }

    @Test
    void certificateAboutToExpireIsReplaced() throws Exception {
        Instant aYearAgo = Instant.now().minus(Duration.ofDays(365));
        ListenerTlsConfig files = GeneratedListenerCertificate.ensure(dataDirectory, Clock.fixed(aYearAgo, ZoneOffset.UTC));
        X509Certificate old = read(files);

        X509Certificate renewed = read(GeneratedListenerCertificate.ensure(dataDirectory));

        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getNotAfter()).isAfter(old.getNotAfter());
    }

    @Test
    void unusableFilesAreReplaced() throws Exception {
        ListenerTlsConfig files = GeneratedListenerCertificate.ensure(dataDirectory);
        Files.writeString(files.privateKey(), "garbage");

        GeneratedListenerCertificate.ensure(dataDirectory);

        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void fingerprintIsColonSeparatedSha256() throws Exception {
        String fingerprint = GeneratedListenerCertificate.sha256Fingerprint(read(GeneratedListenerCertificate.ensure(dataDirectory)));

        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    private static X509Certificate read(ListenerTlsConfig files) throws Exception {
        return Pem.readCertificate(Files.readAllBytes(files.certificateChain()));
    }
}
