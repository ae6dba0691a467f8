package dev.sluice.policy.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces the value with a keyed hash: {@code h:} and the first {@code length} base32 characters of
 * HMAC-SHA256(gateway key, UTF-8 value). Equal values give equal outputs under one key, so masked columns
 * still join, group and count distinct; without the key the value cannot be confirmed by hashing guesses.
 */
public final class HashMasker implements Masker {

    public static final String PREFIX = "h:";
    public static final int DEFAULT_LENGTH = 16;
    public static final int MIN_LENGTH = 8;
    /** 256 bits in base32 characters. */
    public static final int MAX_LENGTH = 51;
    public static final int MIN_KEY_BYTES = 16;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final int length;
    private final String prefix;
    private final ThreadLocal<Mac> macs;

    public HashMasker(byte[] key, int length) {
        this(key, length, PREFIX);
    }

    HashMasker(byte[] key, int length, String prefix) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("hash key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "hash length must be between " + MIN_LENGTH + " and " + MAX_LENGTH + ", was " + length);
        }
        SecretKeySpec spec = new SecretKeySpec(Arrays.copyOf(key, key.length), "HmacSHA256");
        this.length = length;
        this.prefix = prefix;
        this.macs = ThreadLocal.withInitial(() -> newMac(spec));
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String name() {
        return "hash";
    }

    @Override
    public MaskedValue mask(String value) {
        return MaskedValue.text(hash(value));
    }

    /** The masked form of {@code value}, prefix included. */
    public String hash(String value) {
        byte[] digest = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        int buffer = 0;
        int bits = 0;
        int index = 0;
        while (out.length() < prefix.length() + length) {
            if (bits < 5) {
                buffer = (buffer << 8) | (digest[index++] & 0xff);
                bits += 8;
            }
            out.append(BASE32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString();
    }

    public int length() {
        return length;
    }

    @Override
    public String toString() {
        return "HashMasker[key=****, length=" + length + "]";
    }
}
