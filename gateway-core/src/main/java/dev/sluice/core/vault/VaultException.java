package dev.sluice.core.vault;

/** A secret could not be resolved. The message names the reference and the problem, never a secret value. */
public final class VaultException extends Exception {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
