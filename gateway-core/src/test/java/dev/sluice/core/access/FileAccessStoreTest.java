package dev.sluice.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAccessStoreTest {
    @TempDir
    Path data;

    static AccessRequest request(String id) {
        Instant at = Instant.parse("2026-11-18T09:00:00Z");
        return new AccessRequest(id, "alice", Set.of("dev"), "orders", Scope.statement("select", "SELECT * FROM traces WHERE id = 7"),
                Duration.ofSeconds(30), 1, UseUnit.OPERATIONS, "trace 7", List.of("dba", "security"), Quorum.ALL,
                RequestStatus.PENDING, List.of(new Answer("bob", Set.of("dba"), Answer.Decision.APPROVE, null, at)),
                at, at.plusSeconds(3600), null);
    }

    @Test
    void theStateFileIsOwnerOnlyAndReadsBackEqual() throws IOException {
        FileAccessStore store = FileAccessStore.open(data);
        AccessRequest request = request("req-0000000000000001");

        store.save(List.of(request), List.of());
        AccessStore.Contents reopened = FileAccessStore.open(data).load();

        Path file = data.resolve("access/state.json");
        assertThat(store.file()).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(reopened.requests()).containsExactly(request);
        assertThat(Files.readString(file)).contains("\"quorum\" : \"all\"", "\"ttl\" : \"PT30S\"");
    }

    @Test
    void removedEntriesStayRemoved() throws IOException {
        FileAccessStore store = FileAccessStore.open(data);
        store.save(List.of(request("req-0000000000000001"), request("req-0000000000000002")), List.of());

        store.remove(List.of("req-0000000000000001"), List.of());

        assertThat(FileAccessStore.open(data).load().requests()).extracting(AccessRequest::id).containsExactly("req-0000000000000002");
    }

    @Test
    void aDamagedStateFileStopsTheStoreFromOpening() throws IOException {
        Files.createDirectories(data.resolve("access"));
        Files.writeString(data.resolve("access/state.json"), "{\"version\":1,\"requests\":[{\"id\":");

        assertThatThrownBy(() -> FileAccessStore.open(data)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read access state " + data.resolve("access/state.json"));
    }
}
