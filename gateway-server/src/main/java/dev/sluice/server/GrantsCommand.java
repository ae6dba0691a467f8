package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "grants", description = "List just-in-time grants and revoke them.",
        subcommands = {GrantsCommand.ListGrants.class, GrantsCommand.Revoke.class})
final class GrantsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "Grants you hold or could have approved; active ones by default.")
    static final class ListGrants implements Callable<Integer> {
        @Mixin
        AdminApiOptions api;

        @Option(names = "--status", defaultValue = "active",
                description = "active, expired, exhausted, revoked or all (default ${DEFAULT-VALUE}).")
        String status;

        @Override
        public Integer call() throws Exception {
            return AccessText.list(api, "/api/v1/grants", "grants", status, AccessText::grantHeader, AccessText::grantRow);
        }
    }

    @Command(name = "revoke", description = "End a grant now; sessions under it end too.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        AdminApiOptions api;

        @Parameters(paramLabel = "ID", description = "The grant id.")
        String grantId;

        @Option(names = "--reason", description = "Why; recorded with the grant.")
        String reason;

        @Override
        public Integer call() throws Exception {
            Optional<AdminApiClient> client = api.client();
            if (client.isEmpty()) {
                return Configs.INVALID;
            }
            Map<String, Object> body = new HashMap<>();
            body.put("reason", reason);
            AdminApiClient.Answer answer = client.get().post("/api/v1/grants/"
                    + java.net.URLEncoder.encode(grantId, java.nio.charset.StandardCharsets.UTF_8) + "/revoke", body);
            if (!answer.ok()) {
                System.err.println("sluice: " + answer.error());
                return 1;
            }
            JsonNode grant = answer.body().path("grant");
            System.out.println("grant " + grant.path("id").asText() + " revoked by " + grant.path("ended_by").asText());
            return 0;
        }
    }
}
