package dev.sluice.postgres.frontend;

import dev.sluice.postgres.backend.BackendEndpoint;
import dev.sluice.postgres.message.KeyData;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the cancel keys Sluice hands its clients to the backend sessions they stand for. A client never learns
 * the backend's process id or secret; a cancel arriving on a new connection is forwarded only when both halves
 * of the client key match.
 */
public final class CancelRegistry {
    /**
     * A registered session: the backend's key, where to send the cancel, and what Sluice itself cancels (a
     * statement held for approval, which the backend has not seen).
     */
    public record Target(KeyData backendKey, BackendEndpoint endpoint, Runnable localCancel) {
        public Target(KeyData backendKey, BackendEndpoint endpoint) {
            this(backendKey, endpoint, () -> { });
        }
    }

    private record Entry(KeyData clientKey, Target target) {}

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<Integer, Entry> byProcessId = new ConcurrentHashMap<>();

    /** Issues a fresh client key for {@code target}; release it with {@link #unregister} when the session ends. */
    public KeyData register(Target target) {
        while (true) {
            int processId = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            KeyData key = new KeyData(processId, random.nextInt());
            if (byProcessId.putIfAbsent(processId, new Entry(key, target)) == null) {
                return key;
            }
        }
    }

    public void unregister(KeyData clientKey) {
        byProcessId.computeIfPresent(clientKey.processId(), (pid, entry) -> entry.clientKey().equals(clientKey) ? null : entry);
    }

    /** The target for a cancel request, if the key is one Sluice issued and still live. */
    public Optional<Target> lookup(KeyData presented) {
        Entry entry = byProcessId.get(presented.processId());
        if (entry == null || !MessageDigest.isEqual(bytes(entry.clientKey().secretKey()), bytes(presented.secretKey()))) {
            return Optional.empty();
        }
        return Optional.of(entry.target());
    }

    public int size() {
        return byProcessId.size();
    }

    private static byte[] bytes(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }
}
