package dev.sluice.server;

import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the Sluice version.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(new SluiceVersion().getVersion()[0]);
    }
}
