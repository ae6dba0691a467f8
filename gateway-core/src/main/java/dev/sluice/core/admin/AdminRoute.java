package dev.sluice.core.admin;

/**
 * Handles admin requests under a path prefix, for whatever the admin API grows into. Runs on the admin server's
 * event loop: it must not block; answer from memory or hand the work elsewhere. An exception becomes a 500 whose
 * body carries no detail (the detail is logged).
 */
@FunctionalInterface
public interface AdminRoute {
    AdminResponse handle(AdminRequest request) throws Exception;
}
