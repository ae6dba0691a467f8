package dev.sluice.core.config;

import dev.sluice.core.vault.SecretRef;

/** The backend account Sluice logs in with; the password is a vault reference, never the secret itself. */
public record CredentialsConfig(String username, SecretRef password) {}
