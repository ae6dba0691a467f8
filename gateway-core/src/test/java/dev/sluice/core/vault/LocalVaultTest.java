package dev.sluice.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVaultTest {
    private final Map<String, String> environment = Map.of("DB_PASSWORD", "from-env", "EMPTY", "");
    private final LocalVault vault = new LocalVault(environment::get);

    @TempDir
    Path directory;

    @Test
    void environmentVariableResolves() throws Exception {
        assertThat(vault.resolve(SecretRef.parse("env:DB_PASSWORD")).reveal()).isEqualTo("from-env");
    }

    @Test
    void missingEnvironmentVariableIsNamedInTheError() {
        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("env:NOT_THERE")))
                .isInstanceOf(VaultException.class)
                .hasMessage("env:NOT_THERE is not set");
    }

    @Test
    void emptyEnvironmentVariableIsRefused() {
        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("env:EMPTY")))
                .isInstanceOf(VaultException.class)
                .hasMessage("env:EMPTY is set but empty");
    }

    @Test
    void fileResolvesWithoutOneTrailingNewline() throws Exception {
        Path file = ownerOnlyFile("db-password", "s3cret\n\n");

        assertThat(vault.resolve(SecretRef.parse("file:" + file)).reveal()).isEqualTo("s3cret\n");
    }

    @Test
    void rewrittenFileIsPickedUpOnTheNextResolve() throws Exception {
        Path file = ownerOnlyFile("db-password", "first\n");
        SecretRef ref = SecretRef.parse("file:" + file);
        assertThat(vault.resolve(ref).reveal()).isEqualTo("first");

        Files.writeString(file, "second\n");

        assertThat(vault.resolve(ref).reveal()).isEqualTo("second");
    }

    @Test
    void relativeFileResolvesAgainstTheBaseDirectory() throws Exception {
        ownerOnlyFile("db-password", "relative");

        assertThat(new LocalVault(environment::get, directory).resolve(SecretRef.parse("file:db-password")).reveal())
                .isEqualTo("relative");
    }

    @Test
    void fileTheGroupCanReadIsRefusedWithTheFix() throws Exception {
        Path file = ownerOnlyFile("db-password", "s3cret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("file:" + file)))
                .isInstanceOf(VaultException.class)
                .hasMessage("file:" + file + " is readable or writable by group or others; restrict it with: chmod 600 " + file)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void fileOthersCanWriteIsRefused() throws Exception {
        Path file = ownerOnlyFile("db-password", "s3cret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-----w-"));

        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("file:" + file)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void missingFileIsNamedInTheError() {
        Path file = directory.resolve("absent");

        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("file:" + file)))
                .isInstanceOf(VaultException.class)
                .hasMessage("file:" + file + " does not exist");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path file = ownerOnlyFile("db-password", "\n");

        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("file:" + file)))
                .isInstanceOf(VaultException.class)
                .hasMessage("file:" + file + " is empty");
    }

    @Test
    void oversizedFileIsRefused() throws Exception {
        Path file = ownerOnlyFile("huge", "x".repeat(LocalVault.MAX_FILE_SIZE + 1));

        assertThatThrownBy(() -> vault.resolve(SecretRef.parse("file:" + file)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("is larger than " + LocalVault.MAX_FILE_SIZE + " bytes");
    }

    @Test
    void resolvedSecretNeverPrintsItsValue() throws Exception {
        Secret secret = vault.resolve(SecretRef.parse("env:DB_PASSWORD"));

        assertThat(secret).hasToString("****");
        assertThat("password=" + secret).doesNotContain("from-env");
        assertThat(String.format("%s", secret)).isEqualTo("****");
    }

    private Path ownerOnlyFile(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
