package dev.sluice.core.admin;

/** Whether one part of the gateway can serve traffic, with a short detail for the operator. */
public record Readiness(boolean ready, String detail) {
    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String detail) {
        return new Readiness(false, detail);
    }
}
