package dev.sluice.core.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.core.vault.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps requests and grants in {@code {data}/access/state.json}: the whole state rewritten on every change to a
 * {@code 600} temporary file and moved into place atomically, so a crash leaves the previous or the new state, never
 * half of one. Fit for one gateway and the modest number of requests people make; several gateways share state
 * through a database store instead.
 */
public final class FileAccessStore implements AccessStore {
    public static final String DIRECTORY = "access";
    public static final String FILE = "state.json";
    static final int FORMAT_VERSION = 1;

    record StateFile(@JsonProperty("version") int version, List<AccessRequest> requests, List<Grant> grants) {
    }

    private final Path file;
    private final Map<String, AccessRequest> requests = new LinkedHashMap<>();
    private final Map<String, Grant> grants = new LinkedHashMap<>();

    private FileAccessStore(Path file) {
        this.file = file;
    }

    /**
     * Opens the store under {@code dataDirectory}, creating its directory ({@code 700}) and reading any state a
     * previous run left.
     *
     * @throws IOException the directory cannot be created, or the state file cannot be read or parsed (nothing is
     *     guessed: a damaged file stops the gateway rather than forgetting grants and requests)
     */
    public static FileAccessStore open(Path dataDirectory) throws IOException {
        Path directory = dataDirectory.resolve(DIRECTORY);
        OwnerOnlyFiles.createDirectory(directory);
        FileAccessStore store = new FileAccessStore(directory.resolve(FILE));
        store.read();
        return store;
    }

    public Path file() {
        return file;
    }

    private void read() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        StateFile state;
        try {
            state = AccessJson.MAPPER.readValue(file.toFile(), StateFile.class);
        } catch (IOException e) {
            throw new IOException("cannot read access state " + file + ": " + e.getMessage(), e);
        }
        if (state.version() != FORMAT_VERSION) {
            throw new IOException("access state " + file + " has format version " + state.version() + ", this gateway reads " + FORMAT_VERSION);
        }
        state.requests().forEach(r -> requests.put(r.id(), r));
        state.grants().forEach(g -> grants.put(g.id(), g));
    }

    @Override
    public synchronized Contents load() {
        return new Contents(new ArrayList<>(requests.values()), new ArrayList<>(grants.values()));
    }

    @Override
    public synchronized void save(Collection<AccessRequest> changedRequests, Collection<Grant> changedGrants) throws IOException {
        Map<String, AccessRequest> nextRequests = new LinkedHashMap<>(requests);
        Map<String, Grant> nextGrants = new LinkedHashMap<>(grants);
        changedRequests.forEach(r -> nextRequests.put(r.id(), r));
        changedGrants.forEach(g -> nextGrants.put(g.id(), g));
        write(nextRequests, nextGrants);
    }

    @Override
    public synchronized void remove(Collection<String> requestIds, Collection<String> grantIds) throws IOException {
        Map<String, AccessRequest> nextRequests = new LinkedHashMap<>(requests);
        Map<String, Grant> nextGrants = new LinkedHashMap<>(grants);
        requestIds.forEach(nextRequests::remove);
        grantIds.forEach(nextGrants::remove);
        write(nextRequests, nextGrants);
    }

    /** Writes first and adopts after, so a failed write leaves memory agreeing with the file. */
    private void write(Map<String, AccessRequest> nextRequests, Map<String, Grant> nextGrants) throws IOException {
        StateFile state = new StateFile(FORMAT_VERSION, new ArrayList<>(nextRequests.values()), new ArrayList<>(nextGrants.values()));
        OwnerOnlyFiles.writeNew(file, AccessJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        requests.clear();
        requests.putAll(nextRequests);
        grants.clear();
        grants.putAll(nextGrants);
    }
}
