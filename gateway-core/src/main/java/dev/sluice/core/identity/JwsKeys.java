package dev.sluice.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Objects;

/**
 * Which published key may verify a token, and the verification itself. A key is used only for the
 * algorithm family it belongs to: an RSA key verifies RS and PS signatures, never anything else, so a
 * public key can never be turned into an HMAC secret.
 */
final class JwsKeys {
    private JwsKeys() {
    }

    /** Keys that fit {@code algorithm} and, when the token names one, its key id. */
    static List<JWK> select(List<JWK> keys, JWSAlgorithm algorithm, String keyId) {
        return keys.stream()
                .filter(key -> keyId == null || keyId.equals(key.getKeyID()))
                .filter(key -> fits(key, algorithm))
                .toList();
    }

    static boolean fits(JWK key, JWSAlgorithm algorithm) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.getName())) {
            return false;
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return false;
        }
        if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
            return key instanceof RSAKey;
        }
        if (JWSAlgorithm.Family.EC.contains(algorithm)) {
            return key instanceof ECKey ec && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve());
        }
        if (JWSAlgorithm.EdDSA.equals(algorithm)) {
            return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
        }
        return false;
    }

    /** Whether any of {@code keys} verifies the token's signature. */
    static boolean verifies(SignedJWT token, List<JWK> keys) {
        JWSAlgorithm algorithm = token.getHeader().getAlgorithm();
        for (JWK key : keys) {
            try {
                if (token.verify(verifier(key, algorithm))) {
                    return true;
                }
            } catch (JOSEException e) {
                // an unusable key (too short, wrong curve) verifies nothing; try the next one
            }
        }
        return false;
    }

    private static JWSVerifier verifier(JWK key, JWSAlgorithm algorithm) throws JOSEException {
        if (!fits(key, algorithm)) {
            throw new JOSEException("key does not fit " + algorithm);
        }
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toPublicJWK());
        }
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec.toPublicJWK());
        }
        return new Ed25519Verifier(Objects.requireNonNull((OctetKeyPair) key).toPublicJWK());
    }
}
