package dev.sluice.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class PostgresBackendSmokeTest {
    @Test
    void everyRoleLogsInWithItsOwnMethod() throws Exception {
        try (PostgresBackend pg = PostgresBackend.start(null)) {
            for (String user : new String[] {PostgresBackend.SCRAM_USER, PostgresBackend.MD5_USER, PostgresBackend.PASSWORD_USER}) {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/app?sslmode=disable",
                        user, PostgresBackend.PASSWORD); ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(user);
                }
            }
        }
    }
}
