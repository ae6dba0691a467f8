package dev.sluice.postgres.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.audit.RecordingFailurePolicy;
import dev.sluice.core.config.AuditConfig;
import dev.sluice.postgres.enforce.StatementGate;
import dev.sluice.postgres.testing.SluiceHarness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When the recorder falls behind (here: a 100-event queue and a burst of thousands of statements), a connection
 * that requires recording refuses further operations, while the others go on with their recording flagged.
 */
class RecordingFailureIT {
    static SluiceHarness sluice;

    @BeforeAll
    static void start() throws Exception {
        sluice = SluiceHarness.start(null, new AuditConfig(AuditConfig.DEFAULT_AUDITOR_GROUP, AuditConfig.DEFAULT_RETENTION_DAYS,
                RecordingFailurePolicy.CONTINUE_AND_FLAG, 100, Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    /** Sends {@code count} statements in one extended-protocol batch: far more events than the queue holds. */
    private static void burst(Statement s, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            s.addBatch("SELECT " + i);
        }
        try {
            s.executeBatch();
        } catch (SQLException refusedPartWay) {
            // a connection that requires recording may refuse within the burst already
        }
    }

    @Test
    void aConnectionThatRequiresRecordingRefusesOnceItsRecordingIsIncomplete() throws Exception {
        try (Connection c = sluice.connect("recorded", sluice.token("alice")); Statement s = c.createStatement()) {
            burst(s, 5000);
            assertThatThrownBy(() -> s.executeQuery("SELECT 1").close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains(StatementGate.RECORDING_RULE).contains("recording has failed");
                    });
        }
    }

    @Test
    void otherConnectionsGoOnAndTheirRecordingIsFlagged() throws Exception {
        try (Connection c = sluice.connect("scram", sluice.token("bob")); Statement s = c.createStatement()) {
            burst(s, 5000);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
