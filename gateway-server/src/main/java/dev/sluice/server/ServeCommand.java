package dev.sluice.server;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.server.Gateway;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the gateway with a configuration file.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "Configuration file (YAML).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Optional<SluiceConfig> loaded = Configs.load(config);
        if (loaded.isEmpty()) {
            return Configs.INVALID;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(loaded.get(), Modules.ALL);
        } catch (ConfigException e) {
            System.err.println("sluice: invalid policy: " + e.getMessage());
            return Configs.INVALID;
        }
        try (gateway) {
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "sluice-shutdown"));
            Thread.currentThread().join();
        }
        return 0;
    }
}
