package dev.sluice.core.server;

import dev.sluice.core.access.Webhook;
import dev.sluice.core.access.WebhookNotifier;
import dev.sluice.core.config.AccessConfig;
import dev.sluice.core.vault.Secret;
import dev.sluice.core.vault.Vault;
import dev.sluice.core.vault.VaultException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the webhook notifier of the {@code access.webhooks} configuration, reading signing keys from the vault. */
final class Webhooks {
    private Webhooks() {}

    /**
     * @return the running notifier, or null when no webhook is configured
     * @throws IllegalStateException a signing key cannot be read (the message names the reference, never the key)
     */
    static WebhookNotifier start(AccessConfig config, Vault vault, MeterRegistry meters) {
        if (config.webhooks().isEmpty()) {
            return null;
        }
        List<Webhook> webhooks = new ArrayList<>();
        for (AccessConfig.WebhookConfig webhook : config.webhooks()) {
            Secret key = null;
            if (webhook.signingKey() != null) {
                try {
                    key = vault.resolve(webhook.signingKey());
                } catch (VaultException e) {
                    throw new IllegalStateException("the signing key of a webhook (" + webhook.signingKey()
                            + ") cannot be read: " + e.getMessage(), e);
                }
            }
            webhooks.add(new Webhook(webhook.url(), webhook.format(), key));
        }
        return new WebhookNotifier(webhooks, config.webhookRetry(), meters, Clock.systemUTC());
    }
}
