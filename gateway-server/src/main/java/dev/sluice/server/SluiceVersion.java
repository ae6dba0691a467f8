package dev.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version built into the jar. */
public final class SluiceVersion implements CommandLine.IVersionProvider {
    public static String version() {
        try (InputStream in = SluiceVersion.class.getResourceAsStream("/sluice-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sluice " + version() + " (Java " + Runtime.version() + ")"};
    }
}
