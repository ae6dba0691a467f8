package dev.sluice.core.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Secrets from the gateway's own environment ({@code env:NAME}) and from files ({@code file:PATH}). Every
 * {@link #resolve} reads again, so a rotated file or a restarted sidecar takes effect without a restart.
 *
 * <p>A secret file must be readable and writable by its owner only; anything looser is refused rather than
 * used, because a secret others can read is no longer one. An empty value is refused too: it is almost
 * always a mistake, and an empty password would be sent to a backend as such.
 */
public final class LocalVault implements Vault {
    /** A secret file holds one value; anything bigger is a wrong path. */
    public static final int MAX_FILE_SIZE = 64 * 1024;

    private final Function<String, String> environment;
    private final Path baseDirectory;

    /** Reads the process environment; relative file paths resolve against the working directory. */
    public LocalVault() {
        this(System::getenv);
    }

    /** @param environment looks a variable up, returning {@code null} when unset */
    public LocalVault(Function<String, String> environment) {
        this(environment, Path.of(""));
    }

    /** @param baseDirectory relative {@code file:} paths resolve against it (typically the config file's directory) */
    public LocalVault(Function<String, String> environment, Path baseDirectory) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
    }

    @Override
    public Secret resolve(SecretRef ref) throws VaultException {
        return switch (ref.kind()) {
            case ENV -> fromEnvironment(ref);
            case FILE -> fromFile(ref);
        };
    }

    private Secret fromEnvironment(SecretRef ref) throws VaultException {
        String value = environment.apply(ref.location());
        if (value == null) {
            throw new VaultException(ref + " is not set");
        }
        if (value.isEmpty()) {
            throw new VaultException(ref + " is set but empty");
        }
        return new Secret(value);
    }

    private Secret fromFile(SecretRef ref) throws VaultException {
        Path file = baseDirectory.resolve(ref.location());
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new VaultException(Files.exists(file)
                        ? ref + " is not a regular file"
                        : ref + " does not exist");
            }
            if (OwnerOnlyFiles.isShared(file)) {
                throw new VaultException(ref + " is readable or writable by group or others; restrict it with: chmod 600 "
                        + file);
            }
            bytes = readBounded(file);
        } catch (NoSuchFileException e) {
            throw new VaultException(ref + " does not exist", e);
        } catch (IOException e) {
            throw new VaultException(ref + " could not be read: " + e.getClass().getSimpleName(), e);
        }
        if (bytes.length > MAX_FILE_SIZE) {
            throw new VaultException(ref + " is larger than " + MAX_FILE_SIZE + " bytes; a secret file holds one value");
        }
        String value = stripOneNewline(decode(ref, bytes));
        if (value.isEmpty()) {
            throw new VaultException(ref + " is empty");
        }
        return new Secret(value);
    }

    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_FILE_SIZE + 1);
        }
    }

    private static String decode(SecretRef ref, byte[] bytes) throws VaultException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new VaultException(ref + " is not UTF-8 text");
        }
    }

    /** Editors and {@code echo} end a file with a newline that is not part of the secret. */
    private static String stripOneNewline(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        if (value.endsWith("\n")) {
            return value.substring(0, value.length() - 1);
        }
        return value;
    }
}
