package dev.sluice.core.config;

import dev.sluice.core.access.AccessSettings;
import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.ReadOnlyAutoApprover;
import dev.sluice.core.access.WebhookNotifier;
import dev.sluice.core.vault.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Just-in-time access: the service's limits, who answers requests that no {@code require_grant} rule covers, the
 * automatic approval rules, how long a held statement waits, and the webhooks told about requests.
 *
 * @param approvers answer requests where no {@code require_grant} rule names approvers; null for nobody
 * @param holdTimeout the longest a statement held by {@code require_approval} waits for its answer
 */
public record AccessConfig(AccessSettings settings, String adminGroup, Approvers approvers, Duration holdTimeout,
        List<ReadOnlyAutoApprover> autoApprove, List<WebhookConfig> webhooks, WebhookNotifier.Retry webhookRetry) {
    public static final String DEFAULT_ADMIN_GROUP = "sluice-admins";
    public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofMinutes(5);
    public static final AccessConfig DEFAULTS = new AccessConfig(AccessSettings.DEFAULTS, DEFAULT_ADMIN_GROUP, null,
            DEFAULT_HOLD_TIMEOUT, List.of(), List.of(), WebhookNotifier.Retry.DEFAULTS);

    public AccessConfig {
        autoApprove = List.copyOf(autoApprove);
        webhooks = List.copyOf(webhooks);
    }

    /** A webhook as configured: its signing key is a vault reference, resolved when the gateway starts. */
    public record WebhookConfig(URI url, dev.sluice.core.access.Webhook.Format format, SecretRef signingKey) {}
}
