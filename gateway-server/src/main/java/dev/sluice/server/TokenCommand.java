package dev.sluice.server;

import dev.sluice.core.config.DevelopmentIssuerConfig;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.identity.DevelopmentIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", description = "Mint an access token from the development issuer (for trying Sluice without an identity provider).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--subject", required = true, description = "Subject (user or agent name).")
    String subject;

    @Option(names = "--groups", split = ",", description = "Groups, comma separated.")
    List<String> groups = List.of();

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, e.g. 30s, 15m, 1h (default ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = {"-c", "--config"}, description = "Configuration file whose development issuer to use.")
    Path config;

    @Option(names = "--data-dir", defaultValue = DemoCommand.DEFAULT_DATA_DIRECTORY,
            description = "Data directory holding the issuer key, when no --config is given (default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Override
    public Integer call() throws Exception {
        Path directory = dataDirectory;
        DevelopmentIssuerConfig issuer = new DevelopmentIssuerConfig(true, DevelopmentIssuerConfig.DEFAULT_AUDIENCE,
                DevelopmentIssuerConfig.DEFAULT_MAX_TOKEN_LIFETIME);
        if (config != null) {
            Optional<SluiceConfig> parsed = Configs.load(config);
            if (parsed.isEmpty()) {
                return Configs.INVALID;
            }
            SluiceConfig loaded = parsed.get();
            if (!loaded.identity().developmentIssuer().enabled()) {
                System.err.println("sluice: the development issuer is not enabled in " + config);
                return 2;
            }
            directory = loaded.dataDirectory();
            issuer = loaded.identity().developmentIssuer();
        }
        Duration lifetime;
        try {
            lifetime = dev.sluice.core.config.Durations.parse(ttl);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: --ttl: " + e.getMessage());
            return 2;
        }
        System.out.println(DevelopmentIssuer.open(directory, issuer).mint(subject, groups, lifetime));
        return 0;
    }
}
