package dev.sluice.server;

import dev.sluice.core.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", description = "Validate policy files; errors name file:line:column. Exit 0 when valid, 1 when not.")
final class PolicyCheckCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "Configuration file; its policy directory is checked when no FILES are given.")
    Path config;

    @Parameters(paramLabel = "FILES", arity = "0..*", description = "Policy files or directories of them.")
    List<Path> files = List.of();

    @Override
    public Integer call() {
        PolicySources sources;
        try {
            sources = PolicySources.load(config, files, null);
            sources.engine();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            return 1;
        }
        System.out.println("ok: " + sources.policies().rules().size() + " rule(s) and " + sources.policies().cases().size()
                + " test case(s) in " + sources.policies().files().size() + " file(s)");
        return 0;
    }
}
