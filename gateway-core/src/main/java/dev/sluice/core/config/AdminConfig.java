package dev.sluice.core.config;

/** The admin HTTP listener: health, readiness, Prometheus metrics and (later) the admin API. */
public record AdminConfig(boolean enabled, HostPort bind) {
    public static final HostPort DEFAULT_BIND = new HostPort("127.0.0.1", 9090);
}
