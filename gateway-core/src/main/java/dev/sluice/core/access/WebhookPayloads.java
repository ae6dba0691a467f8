package dev.sluice.core.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The bodies {@link WebhookNotifier} sends, and their signature. */
final class WebhookPayloads {
    static final String REQUEST_CREATED = "request.created";
    static final String REQUEST_ANSWERED = "request.answered";

    private WebhookPayloads() {
    }

    static byte[] generic(String deliveryId, String event, long timestamp, AccessRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deliveryId);
        body.put("event", event);
        body.put("timestamp", timestamp);
        body.put("request", request);
        return json(body);
    }

    static byte[] slack(String event, AccessRequest request) {
        return json(Map.of("text", slackText(event, request)));
    }

    static String slackText(String event, AccessRequest request) {
        String what = escape(request.requester()) + " → " + escape(String.join(", ", request.scope().operations()))
                + " on *" + escape(request.connection()) + "* for " + request.ttl().toSeconds() + "s"
                + (request.maxUses() == null ? "" : ", " + request.maxUses() + " use(s)")
                + (request.scope().statement() == null ? "" : "\n```" + escape(request.scope().statement()) + "```");
        String status = request.status().name().toLowerCase(Locale.ROOT);
        if (event.equals(REQUEST_CREATED) && request.pending()) {
            return "Access request " + request.id() + ": " + what + "\nReason: " + escape(request.reason())
                    + "\nApprovers: " + escape(String.join(", ", request.approvers())) + " (quorum " + request.quorum() + ")"
                    + "\nsluice approvals approve " + request.id();
        }
        String answers = request.answers().stream()
                .map(a -> escape(a.approver()) + " " + (a.decision() == Answer.Decision.APPROVE ? "approved" : "denied")
                        + (a.comment() == null ? "" : " (" + escape(a.comment()) + ")"))
                .collect(Collectors.joining("; "));
        return "Access request " + request.id() + " is " + status + ": " + what
                + (answers.isEmpty() ? "" : "\n" + answers);
    }

    /** {@code sha256=<hex>} of HMAC-SHA256 over {@code body} with {@code key}. */
    static String signature(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Slack reads {@code <...>} as links and mentions; requesters' text must not ping {@code @channel}. */
    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static byte[] json(Object body) {
        try {
            return AccessJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body as JSON", e);
        }
    }
}
