package dev.sluice.core.server;

import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The gateway's key for deterministic masking ({@code hash}): 32 random bytes made on first start, kept readable
 * by the owner only, so masked values join and group the same way across restarts and across gateways that
 * share the file.
 */
final class MaskingKey {
    static final String FILE = "masking.key";
    static final int LENGTH = 32;

    private MaskingKey() {}

    static byte[] load(Path dataDirectory) {
        Path directory = dataDirectory.resolve("keys");
        Path file = directory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                OwnerOnlyFiles.createDirectory(directory);
                byte[] key = new byte[LENGTH];
                new SecureRandom().nextBytes(key);
                OwnerOnlyFiles.writeNew(file, key);
                return key;
            }
            if (OwnerOnlyFiles.isShared(file)) {
                throw new IOException(file + " is readable by others: chmod 600 it");
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != LENGTH) {
                throw new IOException(file + " must hold " + LENGTH + " bytes, it holds " + key.length);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("masking key: " + e.getMessage(), e);
        }
    }
}
