package dev.sluice.core.vault;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets: only their owner may read or write them. On a file system without POSIX
 * permissions (Windows) the checks are skipped, because there is nothing portable to check.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private OwnerOnlyFiles() {
    }

    /** Whether group or others may read or write {@code file} (following links, as a reader would). */
    public static boolean isShared(Path file) throws IOException {
        if (!isPosix(file.getFileSystem())) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return permissions.stream().anyMatch(SHARED::contains);
    }

    /** Creates {@code directory} and its parents if missing, and makes it {@code 700}. */
    public static void createDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (isPosix(directory.getFileSystem())) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * Writes {@code content} to a new file that is {@code 600} from its first byte, then moves it into place
     * atomically, so a reader never sees a partial or world-readable file. An existing file is replaced.
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = isPosix(file.getFileSystem())
                ? Files.createTempFile(directory, ".tmp-", ".part", ownerReadWrite())
                : Files.createTempFile(directory, ".tmp-", ".part");
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerReadWrite() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean isPosix(FileSystem fileSystem) {
        return fileSystem.supportedFileAttributeViews().contains("posix");
    }
}
