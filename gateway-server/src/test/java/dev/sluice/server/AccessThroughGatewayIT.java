package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.postgres.testing.SluiceHarness;
import org.junit.jupiter.api.Test;

/** A running gateway answers access requests through its admin endpoint: request, approve, grant, revoke. */
class AccessThroughGatewayIT {
    @Test
    void anAccessRequestIsApprovedByAnApproverAndTheGrantRevoked() throws Exception {
        try (SluiceHarness sluice = SluiceHarness.start()) {
            String admin = "http://127.0.0.1:" + sluice.gateway.adminAddress().getPort();
            String alice = sluice.token("alice", "dba");
            String approver = sluice.token("olga", "approvers");

            CommandRun requested = CommandRun.of("request", "--connection", "scram", "--for", "15m", "--reason", "INC-7",
                    "--uses", "1", "--admin", admin, "--token", alice);
            assertThat(requested.exitCode()).as(requested.err()).isZero();
            String id = AccessCommandsTest.requestId(requested);

            CommandRun selfApproved = CommandRun.of("approvals", "approve", id, "--admin", admin, "--token", alice);
            assertThat(selfApproved.exitCode()).isNotZero();

            CommandRun approved = CommandRun.of("approvals", "approve", id, "--comment", "ok", "--admin", admin, "--token", approver);
            assertThat(approved.exitCode()).as(approved.err()).isZero();
            assertThat(approved.out()).contains("approved by olga");

            String grantId = sluice.gateway.access().findRequest(id).orElseThrow().grantId();
            CommandRun grants = CommandRun.of("grants", "list", "--admin", admin, "--token", alice);
            assertThat(grants.out()).contains(grantId, "ACTIVE", "alice");

            CommandRun revoked = CommandRun.of("grants", "revoke", grantId, "--reason", "done", "--admin", admin, "--token", approver);
            assertThat(revoked.exitCode()).as(revoked.err()).isZero();
            assertThat(sluice.gateway.access().findGrant(grantId).orElseThrow().status().name()).isEqualTo("REVOKED");
        }
    }
}
