package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "request", description = "Ask for just-in-time access to a connection; approvers are told, and --wait waits for their answer.")
final class RequestCommand implements Callable<Integer> {
    /** Exit status when the request was denied, expired or cancelled. */
    static final int NOT_GRANTED = 1;

    @Mixin
    AdminApiOptions api;

    @Option(names = "--connection", required = true, description = "The Sluice connection, e.g. orders.")
    String connection;

    @Option(names = "--for", required = true, description = "How long the access lasts once approved: 30s, 15m, 1h.")
    String lifetime;

    @Option(names = "--reason", required = true, description = "Why you need it (a ticket, an incident); approvers read this.")
    String reason;

    @Option(names = "--scope", split = ",", defaultValue = "read",
            description = "read, write or statement kinds such as select,update (default ${DEFAULT-VALUE}).")
    List<String> scope;

    @Option(names = "--statement", description = "Only this exact statement.")
    String statement;

    @Option(names = "--uses", description = "How many uses (default: unlimited within the lifetime).")
    Integer uses;

    @Option(names = "--use-unit", description = "What a use is: sessions or operations (default sessions).")
    String useUnit;

    @Option(names = "--wait", description = "Wait until the request is answered, then print the grant.")
    boolean await;

    @Option(names = "--poll", defaultValue = "2s", hidden = true, description = "How often --wait asks.")
    String poll;

    @Override
    public Integer call() throws Exception {
        Duration pollEvery;
        try {
            Durations.parse(lifetime);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: --for: " + e.getMessage());
            return Configs.INVALID;
        }
        try {
            pollEvery = Durations.parse(poll);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: --poll: " + e.getMessage());
            return Configs.INVALID;
        }
        Optional<AdminApiClient> client = api.client();
        if (client.isEmpty()) {
            return Configs.INVALID;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection", connection);
        body.put("scope", scope);
        body.put("statement", statement);
        body.put("ttl", lifetime);
        body.put("uses", uses);
        body.put("use_unit", useUnit);
        body.put("reason", reason);
        AdminApiClient.Answer created = client.get().post("/api/v1/requests", body);
        if (!created.ok()) {
            System.err.println("sluice: request refused: " + created.error());
            return NOT_GRANTED;
        }
        JsonNode request = created.body().path("request");
        String id = request.path("id").asText();
        System.out.println("request " + id + " " + request.path("status").asText().toLowerCase(java.util.Locale.ROOT)
                + (request.path("status").asText().equals("PENDING")
                        ? " (approvers: " + String.join(", ", texts(request.path("approvers"))) + ", quorum " + request.path("quorum").asText() + ")"
                        : ""));
        if (!await && !request.path("status").asText().equals("APPROVED")) {
            return 0;
        }
        while (request.path("status").asText().equals("PENDING")) {
            Thread.sleep(pollEvery.toMillis());
            AdminApiClient.Answer polled = client.get().get("/api/v1/requests/" + id);
            if (!polled.ok()) {
                System.err.println("sluice: cannot follow request " + id + ": " + polled.error());
                return NOT_GRANTED;
            }
            request = polled.body().path("request");
        }
        AccessText.answers(request);
        String status = request.path("status").asText();
        if (!status.equals("APPROVED")) {
            System.out.println("request " + id + " " + status.toLowerCase(java.util.Locale.ROOT) + "; no access granted");
            return NOT_GRANTED;
        }
        AdminApiClient.Answer grant = client.get().get("/api/v1/grants/" + request.path("grant_id").asText());
        if (!grant.ok()) {
            System.err.println("sluice: request " + id + " was approved but its grant cannot be read: " + grant.error());
            return NOT_GRANTED;
        }
        AccessText.grantHeader();
        AccessText.grantRow(grant.body().path("grant"));
        return 0;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
