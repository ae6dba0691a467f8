package dev.sluice.postgres.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.audit.AuditPaths;
import dev.sluice.core.audit.AuditRecorder;
import dev.sluice.core.audit.AuditVerifier;
import dev.sluice.core.audit.SessionFilter;
import dev.sluice.core.audit.SessionIndex;
import dev.sluice.core.audit.SessionStatus;
import dev.sluice.core.audit.SessionSummary;
import dev.sluice.core.audit.VerificationResult;
import dev.sluice.core.testing.OidcTestProvider;
import dev.sluice.postgres.testing.GatewayProcess;
import dev.sluice.postgres.testing.PostgresBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A gateway killed with SIGKILL in the middle of sessions leaves recordings that verify up to their last event. */
class CrashRecoveryIT {
    @Test
    void recordingsCutOffByAKillVerifyAsCutOffAndTheIndexStaysIntact() throws Exception {
        try (OidcTestProvider idp = new OidcTestProvider().start(); PostgresBackend backend = PostgresBackend.start(null)) {
            GatewayProcess gateway = GatewayProcess.start(idp.issuerUrl().toString(), backend, null);
            Properties properties = new Properties();
            properties.setProperty("user", "alice");
            properties.setProperty("password", idp.token("alice", "dba"));
            String url = "jdbc:postgresql://127.0.0.1:" + gateway.port() + "/app?sslmode=require";
            try (Connection finished = DriverManager.getConnection(url, properties)) {
                finished.createStatement().execute("SELECT 1");
            }
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Connection c = DriverManager.getConnection(url, properties);
                running.add(CompletableFuture.runAsync(() -> {
                    try (c; Statement s = c.createStatement()) {
                        for (int n = 0; n < 1000; n++) {
                            s.execute("SELECT " + n + ", pg_sleep(0.01)");
                        }
                    } catch (Exception expected) {
                        // the gateway dies under it
                    }
                }));
            }
            Thread.sleep(1500);
            gateway.kill();
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            AuditPaths paths = new AuditPaths(gateway.dataDirectory());
            try (AuditRecorder restarted = AuditRecorder.start(gateway.dataDirectory(), new SimpleMeterRegistry())) {
                assertThat(restarted.cutOffAtStartup()).hasSize(3);
                List<SessionSummary> sessions = SessionIndex.list(paths, SessionFilter.ALL);
                assertThat(sessions).hasSize(4);
                assertThat(sessions).filteredOn(s -> s.status() == SessionStatus.CUT_OFF).hasSize(3);
                AuditVerifier verifier = new AuditVerifier(paths, restarted.publicKey());
                for (SessionSummary session : sessions) {
                    VerificationResult result = verifier.verify(session.sessionId());
                    assertThat(result.tampered()).as(result.describe()).isFalse();
                    if (session.status() == SessionStatus.CUT_OFF) {
                        assertThat(result.status()).as(result.describe()).isEqualTo(VerificationResult.Status.CUT_OFF);
                        assertThat(result.lastGoodSeq()).isGreaterThanOrEqualTo(1);
                    } else {
                        assertThat(result.status()).as(result.describe()).isEqualTo(VerificationResult.Status.OK);
                    }
                }
            }
        }
    }
}
