package dev.sluice.core.access;

import dev.sluice.core.vault.Secret;
import java.net.URI;

/**
 * Where {@link WebhookNotifier} posts, in which format, and the key it signs with.
 *
 * @param signingKey HMAC-SHA256 key for {@code X-Sluice-Signature}, or null to send unsigned (Slack incoming
 *     webhooks carry their secret in the URL instead)
 */
public record Webhook(URI url, Format format, Secret signingKey) {
    public enum Format {
        /** The request as JSON, with the event name, a delivery id and a timestamp. */
        GENERIC,
        /** {@code {"text": ...}}, what Slack (and Mattermost, and others) incoming webhooks accept. */
        SLACK
    }

    public Webhook {
        if (url == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("a webhook URL is an absolute http or https URL, got " + url);
        }
        if (format == null) {
            throw new IllegalArgumentException("a webhook names its format (generic or slack)");
        }
    }

    /** Prints the URL without its path and query, which may carry a secret (Slack's do). */
    @Override
    public String toString() {
        return "Webhook[" + url.getScheme() + "://" + url.getAuthority() + "/****, " + format + (signingKey == null ? "" : ", signed") + "]";
    }
}
