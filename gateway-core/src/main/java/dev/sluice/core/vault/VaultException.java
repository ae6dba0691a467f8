package dev.sluice.core.vault;

/** Placeholder until the vault module lands. */
public final class VaultException extends Exception {
    public VaultException(String message) {
        super(message);
    }
}
