package dev.sluice.postgres.testing;

import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.server.Gateway;
import dev.sluice.postgres.frontend.PostgresProtocolModule;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a gateway in its own JVM for tests that must bound its heap: loads the YAML file named by the first
 * argument, writes the port of the listener named by the second into the file named by the third, and stops when
 * stdin closes.
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws Exception {
        try (Gateway gateway = Gateway.start(ConfigLoader.load(Path.of(args[0])), List.of(PostgresProtocolModule::new))) {
            Path ready = Path.of(args[2]);
            Path partial = Path.of(args[2] + ".tmp");
            java.nio.file.Files.writeString(partial, String.valueOf(gateway.listenerAddress(args[1]).getPort()));
            java.nio.file.Files.move(partial, ready, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // keep serving until the test closes our stdin
            }
        }
    }
}
