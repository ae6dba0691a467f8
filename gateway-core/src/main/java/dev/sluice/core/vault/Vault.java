package dev.sluice.core.vault;

/** Placeholder until the vault module lands. */
public interface Vault {
    Secret resolve(SecretRef ref) throws VaultException;
}
