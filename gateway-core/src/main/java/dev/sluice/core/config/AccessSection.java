package dev.sluice.core.config;

import dev.sluice.core.access.AccessSettings;
import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.BusinessHours;
import dev.sluice.core.access.Quorum;
import dev.sluice.core.access.ReadOnlyAutoApprover;
import dev.sluice.core.access.Webhook;
import dev.sluice.core.access.WebhookNotifier;
import dev.sluice.core.vault.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code access:} section of the configuration (see docs/jit.md). */
final class AccessSection {
    static final List<String> KEYS = List.of("max_ttl", "pending_timeout", "sweep_interval", "max_uses",
            "max_pending_per_requester", "retain_finished", "admin_group", "approvers", "hold_timeout", "auto_approve",
            "webhooks", "webhook_retry");
    private static final List<String> APPROVER_KEYS = List.of("groups", "quorum");
    private static final List<String> AUTO_KEYS = List.of("rule", "connections", "max_ttl", "max_uses", "business_hours");
    private static final List<String> HOURS_KEYS = List.of("zone", "days", "from", "until");
    private static final List<String> WEBHOOK_KEYS = List.of("url", "format", "signing_key");
    private static final List<String> RETRY_KEYS = List.of("max_attempts", "initial_backoff", "max_backoff", "timeout", "max_pending");

    private AccessSection() {}

    static AccessConfig read(YamlMapping top, String key, Path base) throws ConfigException {
        YamlMapping access = top.mapping(key, KEYS);
        if (access == null) {
            return AccessConfig.DEFAULTS;
        }
        AccessSettings settings;
        try {
            settings = new AccessSettings(
                    access.duration("max_ttl", AccessSettings.DEFAULT_MAX_TTL),
                    access.duration("pending_timeout", AccessSettings.DEFAULT_PENDING_TIMEOUT),
                    access.duration("sweep_interval", AccessSettings.DEFAULT_SWEEP_INTERVAL),
                    access.integer("max_uses", AccessSettings.DEFAULT_MAX_USES, 1, 1_000_000),
                    access.integer("max_pending_per_requester", AccessSettings.DEFAULT_MAX_PENDING_PER_REQUESTER, 1, 10_000),
                    access.duration("retain_finished", AccessSettings.DEFAULT_RETAIN_FINISHED));
        } catch (IllegalArgumentException e) {
            throw access.error(e.getMessage());
        }
        Duration holdTimeout = access.duration("hold_timeout", AccessConfig.DEFAULT_HOLD_TIMEOUT);
        if (holdTimeout.isZero() || holdTimeout.isNegative()) {
            throw access.error("hold_timeout", "must be above zero");
        }
        return new AccessConfig(settings, access.string("admin_group", AccessConfig.DEFAULT_ADMIN_GROUP), approvers(access),
                holdTimeout, autoApprove(access), webhooks(access, base), retry(access));
    }

    private static Approvers approvers(YamlMapping access) throws ConfigException {
        YamlMapping approvers = access.mapping("approvers", APPROVER_KEYS);
        if (approvers == null) {
            return null;
        }
        List<String> groups = approvers.stringList("groups", List.of());
        if (groups.isEmpty()) {
            throw approvers.error("groups", "at least one approver group is required (omit approvers for nobody)");
        }
        String quorum = approvers.string("quorum", "any");
        try {
            return new Approvers(groups, Quorum.parse(quorum));
        } catch (IllegalArgumentException e) {
            throw approvers.error("quorum", e.getMessage());
        }
    }

    private static List<ReadOnlyAutoApprover> autoApprove(YamlMapping access) throws ConfigException {
        List<ReadOnlyAutoApprover> rules = new ArrayList<>();
        List<Node> items = access.sequence("auto_approve");
        for (int i = 0; i < items.size(); i++) {
            YamlMapping item = YamlMapping.open(access.source(), items.get(i), access.pathOf("auto_approve") + "[" + i + "]", AUTO_KEYS);
            String rule = ConfigChecks.name(item, "rule");
            Duration maxTtl = item.duration("max_ttl", null);
            if (maxTtl == null) {
                throw item.error("missing required key \"max_ttl\": automatic approval is bounded in time");
            }
            Integer maxUses = item.has("max_uses") ? item.integer("max_uses", 1, 1, 1_000_000) : null;
            rules.add(new ReadOnlyAutoApprover(rule, maxTtl, maxUses, hours(item),
                    Set.copyOf(item.stringList("connections", List.of()))));
        }
        return rules;
    }

    private static BusinessHours hours(YamlMapping item) throws ConfigException {
        YamlMapping hours = item.mapping("business_hours", HOURS_KEYS);
        if (hours == null) {
            return null;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(hours.requiredString("zone"));
        } catch (java.time.DateTimeException e) {
            throw hours.error("zone", "unknown time zone, expected a name such as Europe/Paris");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : hours.stringList("days", List.of("mon", "tue", "wed", "thu", "fri"))) {
            days.add(day(hours, day));
        }
        LocalTime from = time(hours, "from");
        LocalTime until = time(hours, "until");
        if (!from.isBefore(until)) {
            throw hours.error("until", "must be after from");
        }
        return new BusinessHours(zone, days, from, until);
    }

    private static DayOfWeek day(YamlMapping hours, String day) throws ConfigException {
        for (DayOfWeek candidate : DayOfWeek.values()) {
            if (candidate.name().substring(0, 3).equalsIgnoreCase(day)) {
                return candidate;
            }
        }
        throw hours.error("days", "expected days as mon, tue, wed, thu, fri, sat, sun, got \"" + day + "\"");
    }

    private static LocalTime time(YamlMapping hours, String key) throws ConfigException {
        try {
            return LocalTime.parse(hours.requiredString(key));
        } catch (DateTimeParseException e) {
            throw hours.error(key, "expected a time as HH:MM");
        }
    }

    private static List<AccessConfig.WebhookConfig> webhooks(YamlMapping access, Path base) throws ConfigException {
        List<AccessConfig.WebhookConfig> webhooks = new ArrayList<>();
        List<Node> items = access.sequence("webhooks");
        for (int i = 0; i < items.size(); i++) {
            YamlMapping item = YamlMapping.open(access.source(), items.get(i), access.pathOf("webhooks") + "[" + i + "]", WEBHOOK_KEYS);
            URI url;
            try {
                url = new URI(item.requiredString("url"));
            } catch (URISyntaxException e) {
                throw item.error("url", "not a URL");
            }
            if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
                throw item.error("url", "expected an absolute http or https URL");
            }
            String formatName = item.string("format", "generic");
            Webhook.Format format = switch (formatName) {
                case "generic" -> Webhook.Format.GENERIC;
                case "slack" -> Webhook.Format.SLACK;
                default -> throw item.error("format", "expected generic or slack, got \"" + formatName + "\"");
            };
            SecretRef key = null;
            if (item.has("signing_key")) {
                try {
                    key = SecretRef.parse(item.requiredString("signing_key"));
                } catch (IllegalArgumentException e) {
                    throw item.error("signing_key", e.getMessage());
                }
                if (key.kind() == SecretRef.Kind.FILE) {
                    key = new SecretRef(SecretRef.Kind.FILE, base.resolve(key.location()).normalize().toString());
                }
            }
            webhooks.add(new AccessConfig.WebhookConfig(url, format, key));
        }
        return webhooks;
    }

    private static WebhookNotifier.Retry retry(YamlMapping access) throws ConfigException {
        YamlMapping retry = access.mapping("webhook_retry", RETRY_KEYS);
        if (retry == null) {
            return WebhookNotifier.Retry.DEFAULTS;
        }
        try {
            return new WebhookNotifier.Retry(
                    retry.integer("max_attempts", WebhookNotifier.Retry.DEFAULT_MAX_ATTEMPTS, 1, 100),
                    retry.duration("initial_backoff", WebhookNotifier.Retry.DEFAULT_INITIAL_BACKOFF),
                    retry.duration("max_backoff", WebhookNotifier.Retry.DEFAULT_MAX_BACKOFF),
                    retry.duration("timeout", WebhookNotifier.Retry.DEFAULT_TIMEOUT),
                    retry.integer("max_pending", WebhookNotifier.Retry.DEFAULT_MAX_PENDING, 1, 1_000_000));
        } catch (IllegalArgumentException e) {
            throw retry.error(e.getMessage().toLowerCase(Locale.ROOT));
        }
    }
}
