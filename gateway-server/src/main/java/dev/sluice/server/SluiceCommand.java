package dev.sluice.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line. */
@Command(name = "sluice", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        description = "Just-in-time access gateway for PostgreSQL and more.",
        subcommands = {ServeCommand.class, DemoCommand.class, TokenCommand.class, PolicyCommand.class, AuditCommand.class,
                SessionsCommand.class, ReplayCommand.class, RequestCommand.class, ApprovalsCommand.class,
                GrantsCommand.class, VersionCommand.class})
public final class SluiceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SluiceCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
