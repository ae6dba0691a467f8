package dev.sluice.core.access;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Where requests and grants outlive the process. The {@link AccessService} keeps the working copy in memory and writes
 * every change through before it answers, so a store only has to load once and apply changes; one call is one
 * atomic change (a table-backed store runs it in one transaction). Implementations are thread-safe.
 */
public interface AccessStore {
    record Contents(List<AccessRequest> requests, List<Grant> grants) {
        public Contents {
            requests = List.copyOf(requests);
            grants = List.copyOf(grants);
        }
    }

    /** Everything stored, as of the last completed change. */
    Contents load() throws IOException;

    /** Inserts or replaces these requests and grants (by id), all or nothing. */
    void save(Collection<AccessRequest> requests, Collection<Grant> grants) throws IOException;

    /** Removes these requests and grants (by id), all or nothing; unknown ids are ignored. */
    void remove(Collection<String> requestIds, Collection<String> grantIds) throws IOException;
}
