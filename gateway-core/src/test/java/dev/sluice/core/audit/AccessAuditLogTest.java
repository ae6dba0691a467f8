package dev.sluice.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.access.AccessRequest;
import dev.sluice.core.access.AccessService;
import dev.sluice.core.access.AccessSettings;
import dev.sluice.core.access.Approvers;
import dev.sluice.core.access.AutoApprover;
import dev.sluice.core.access.FileAccessStore;
import dev.sluice.core.access.NewRequest;
import dev.sluice.core.access.Quorum;
import dev.sluice.core.access.Scope;
import dev.sluice.core.access.UseUnit;
import dev.sluice.core.identity.Identity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessAuditLogTest {
    @TempDir
    Path data;

    private static final Identity ALICE = new Identity("alice", Set.of("dev"), "t", "t", null);
    private static final Identity OLGA = new Identity("olga", Set.of("dba"), "t", "t", null);

    @Test
    void requestsAnswersAndGrantEndsAreChainedSignedAndVerified() throws Exception {
        AuditRecorder recorder = AuditRecorder.start(data, new SimpleMeterRegistry());
        AccessAuditLog log = new AccessAuditLog(recorder, Clock.systemUTC());
        AccessService access = new AccessService(FileAccessStore.open(data),
                Approvers.Policy.fixed(new Approvers(List.of("dba"), Quorum.ANY)), AutoApprover.NONE, AccessSettings.DEFAULTS,
                Clock.systemUTC());
        access.addListener(log);
        AccessRequest request = access.request(ALICE, new NewRequest("orders", Scope.statement("delete", "DELETE FROM t WHERE id = 1"),
                Duration.ofMinutes(5), 1, UseUnit.OPERATIONS, "INC-42"));
        AccessRequest approved = access.approve(request.id(), OLGA, "once");
        access.revoke(approved.grantId(), "olga", "done");
        log.close();
        recorder.close();

        List<String> lines = Files.readAllLines(recorder.paths().accessLog(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"type\":\"request\"", request.id(), "DELETE FROM t WHERE id = 1", "INC-42");
        assertThat(lines.get(1)).contains("\"type\":\"answer\"", "\"approver\":\"olga\"", "\"comment\":\"once\"", "APPROVED");
        assertThat(lines.get(2)).contains("\"type\":\"grant_ended\"", approved.grantId(), "REVOKED", "\"reason\":\"done\"");
        assertThat(new AuditVerifier(recorder.paths(), recorder.publicKey()).verifyAccessLog()).isNull();

        lines.set(1, lines.get(1).replace("\"comment\":\"once\"", "\"comment\":\"twice\""));
        Files.write(recorder.paths().accessLog(), lines, StandardCharsets.UTF_8);
        assertThat(new AuditVerifier(recorder.paths(), recorder.publicKey()).verifyAccessLog()).contains("does not match its hash");

        lines.remove(1);
        Files.write(recorder.paths().accessLog(), List.of(lines.get(0), lines.get(1)), StandardCharsets.UTF_8);
        assertThat(new AuditVerifier(recorder.paths(), recorder.publicKey()).verifyAccessLog()).contains("breaks the chain");
    }
}
