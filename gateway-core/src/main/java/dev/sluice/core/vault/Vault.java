package dev.sluice.core.vault;

/** Where Sluice gets the credentials only it holds. Implementations are thread-safe. */
public interface Vault {
    /**
     * Looks the secret up now; callers resolve it each time they need it, so a rotated secret takes effect
     * without a restart.
     *
     * @throws VaultException naming the reference and what was wrong, never the value
     */
    Secret resolve(SecretRef ref) throws VaultException;
}
