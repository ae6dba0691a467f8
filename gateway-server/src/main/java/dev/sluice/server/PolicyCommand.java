package dev.sluice.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "policy", description = "Check policy files and try decisions without running the gateway.",
        subcommands = {PolicyCheckCommand.class, PolicyTestCommand.class})
final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
