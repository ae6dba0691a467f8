package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** How the access commands print requests and grants from the admin API's JSON. */
final class AccessText {
    static final String REQUEST_ROW = "%-21s %-9s %-16s %-14s %-12s %-8s %-6s %s%n";
    static final String GRANT_ROW = "%-23s %-9s %-16s %-14s %-12s %-21s %-6s %s%n";

    private AccessText() {
    }

    /**
     * Prints the {@code collection} at {@code path} of the admin API as a table, filtered by {@code status} unless
     * it is {@code all}; returns the exit code.
     */
    static int list(AdminApiOptions api, String path, String collection, String status, Runnable header,
                    Consumer<JsonNode> row) throws Exception {
        Optional<AdminApiClient> client = api.client();
        if (client.isEmpty()) {
            return Configs.INVALID;
        }
        AdminApiClient.Answer answer = client.get().get(path
                + (status.equalsIgnoreCase("all") ? "" : "?status=" + URLEncoder.encode(status, StandardCharsets.UTF_8)));
        if (!answer.ok()) {
            System.err.println("sluice: " + answer.error());
            return 1;
        }
        header.run();
        int count = 0;
        for (JsonNode item : answer.body().path(collection)) {
            row.accept(item);
            count++;
        }
        System.out.println(count + " " + collection.substring(0, collection.length() - 1) + "(s)");
        return 0;
    }

    static void requestHeader() {
        System.out.printf(REQUEST_ROW, "REQUEST", "STATUS", "REQUESTER", "CONNECTION", "SCOPE", "TTL", "USES", "REASON");
    }

    static void requestRow(JsonNode request) {
        System.out.printf(REQUEST_ROW, request.path("id").asText(), request.path("status").asText(),
                request.path("requester").asText(), request.path("connection").asText(), scope(request.path("scope")),
                request.path("ttl").asText().replace("PT", "").toLowerCase(java.util.Locale.ROOT),
                uses(request.path("max_uses")), request.path("reason").asText());
    }

    static void grantHeader() {
        System.out.printf(GRANT_ROW, "GRANT", "STATUS", "SUBJECT", "CONNECTION", "SCOPE", "NOT AFTER", "USES", "REQUEST");
    }

    static void grantRow(JsonNode grant) {
        System.out.printf(GRANT_ROW, grant.path("id").asText(), grant.path("status").asText(), grant.path("subject").asText(),
                grant.path("connection").asText(), scope(grant.path("scope")), grant.path("not_after").asText(),
                uses(grant.path("uses_left")), grant.path("request_id").asText());
    }

    /** The request's answers, one line each. */
    static void answers(JsonNode request) {
        for (JsonNode answer : request.path("answers")) {
            System.out.println("  " + answer.path("decision").asText().toLowerCase(java.util.Locale.ROOT) + "d by "
                    + answer.path("approver").asText() + " at " + answer.path("at").asText()
                    + (answer.path("comment").isTextual() ? ": " + answer.path("comment").asText() : ""));
        }
    }

    static String scope(JsonNode scope) {
        List<String> kinds = new ArrayList<>();
        scope.path("operations").forEach(kind -> kinds.add(kind.asText()));
        return String.join(",", kinds) + (scope.path("statement").isTextual() ? " (1 statement)" : "");
    }

    private static String uses(JsonNode uses) {
        return uses.isNumber() ? uses.asText() : "any";
    }
}
