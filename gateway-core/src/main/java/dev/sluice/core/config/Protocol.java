package dev.sluice.core.config;

/** Wire protocols Sluice speaks; the YAML spelling is the lower-case name. */
public enum Protocol {
    POSTGRES;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
