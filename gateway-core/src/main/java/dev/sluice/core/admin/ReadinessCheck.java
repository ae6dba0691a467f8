package dev.sluice.core.admin;

/**
 * One condition {@code GET /readyz} reports, such as "the identity provider's keys are loaded". Called on the admin
 * server's event loop for every request, so it must answer from state it already has and never block.
 */
public interface ReadinessCheck {
    String name();

    Readiness check();
}
