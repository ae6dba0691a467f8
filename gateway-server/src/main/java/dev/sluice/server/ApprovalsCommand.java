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

@Command(name = "approvals", description = "List access requests you may answer, and approve or deny them.",
        subcommands = {ApprovalsCommand.ListRequests.class, ApprovalsCommand.Approve.class, ApprovalsCommand.Deny.class})
final class ApprovalsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "Requests you made or may answer; pending ones by default.")
    static final class ListRequests implements Callable<Integer> {
        @Mixin
        AdminApiOptions api;

        @Option(names = "--status", defaultValue = "pending",
                description = "pending, approved, denied, expired, cancelled or all (default ${DEFAULT-VALUE}).")
        String status;

        @Override
        public Integer call() throws Exception {
            return AccessText.list(api, "/api/v1/requests", "requests", status, AccessText::requestHeader, AccessText::requestRow);
        }
    }

    abstract static class Answer implements Callable<Integer> {
        @Mixin
        AdminApiOptions api;

        @Parameters(paramLabel = "ID", description = "The request id.")
        String requestId;

        @Option(names = "--comment", description = "Why; the requester and the audit trail see it.")
        String comment;

        abstract String action();

        @Override
        public Integer call() throws Exception {
            Optional<AdminApiClient> client = api.client();
            if (client.isEmpty()) {
                return Configs.INVALID;
            }
            Map<String, Object> body = new HashMap<>();
            body.put("comment", comment);
            AdminApiClient.Answer answer = client.get().post("/api/v1/requests/"
                    + java.net.URLEncoder.encode(requestId, java.nio.charset.StandardCharsets.UTF_8) + "/" + action(), body);
            if (!answer.ok()) {
                System.err.println("sluice: " + answer.error());
                return 1;
            }
            JsonNode request = answer.body().path("request");
            System.out.println("request " + request.path("id").asText() + " is now "
                    + request.path("status").asText().toLowerCase(java.util.Locale.ROOT));
            AccessText.answers(request);
            if (answer.body().path("grant").isObject()) {
                AccessText.grantHeader();
                AccessText.grantRow(answer.body().path("grant"));
            }
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a request; a grant starts once the quorum is met.")
    static final class Approve extends Answer {
        @Override
        String action() {
            return "approve";
        }
    }

    @Command(name = "deny", description = "Deny a request; one denial denies it.")
    static final class Deny extends Answer {
        @Override
        String action() {
            return "deny";
        }
    }
}
