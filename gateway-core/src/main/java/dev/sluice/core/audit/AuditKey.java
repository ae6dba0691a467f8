package dev.sluice.core.audit;

import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The gateway's Ed25519 audit key, which signs each session's seal. Created on first use as
 * {@code audit/audit-key.private.pem} (PKCS#8) and {@code audit/audit-key.public.pem} (X.509), both {@code 600}.
 * Verifiers should keep a copy of the public key where the gateway cannot write: whoever can replace the key pair
 * can re-sign rewritten recordings.
 */
public final class AuditKey {
    private static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key pair under {@code paths}, generating it if there is none. */
    public static AuditKey loadOrCreate(AuditPaths paths) throws IOException {
        try {
            if (Files.exists(paths.privateKey())) {
                if (OwnerOnlyFiles.isShared(paths.privateKey())) {
                    throw new IOException(paths.privateKey() + " is readable by group or others; refusing to use it (chmod 600)");
                }
                KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
                PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(readPem(paths.privateKey(), PRIVATE_LABEL)));
                return new AuditKey(privateKey, readPublicKey(paths.publicKey()));
            }
            OwnerOnlyFiles.createDirectory(paths.audit());
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            OwnerOnlyFiles.writeNew(paths.publicKey(), pem(PUBLIC_LABEL, pair.getPublic().getEncoded()));
            OwnerOnlyFiles.writeNew(paths.privateKey(), pem(PRIVATE_LABEL, pair.getPrivate().getEncoded()));
            return new AuditKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the audit key in " + paths.audit() + ": " + e.getMessage(), e);
        }
    }

    /** Reads an exported public key (PEM, X.509). */
    public static PublicKey readPublicKey(Path pemFile) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(readPem(pemFile, PUBLIC_LABEL)));
        } catch (GeneralSecurityException e) {
            throw new IOException(pemFile + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** {@code sha256:} and the hex SHA-256 of the encoded public key: names the key in every seal. */
    public static String fingerprint(PublicKey key) {
        return "sha256:" + ChainedLines.sha256Hex(key.getEncoded());
    }

    String sign(String hash) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key", e);
        }
    }

    static boolean verify(PublicKey key, String hash, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(hash.getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "AuditKey[" + fingerprint(publicKey) + ", private ****]";
    }

    private static byte[] pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] readPem(Path file, String label) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN " + label + "-----");
        int end = text.indexOf("-----END " + label + "-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(file + " holds no " + label);
        }
        String base64 = text.substring(begin + label.length() + 16, end).replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
