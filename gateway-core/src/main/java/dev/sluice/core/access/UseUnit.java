package dev.sluice.core.access;

/** What one use of a grant is: a session started under it, or one operation (statement, command) run under it. */
public enum UseUnit {
    SESSIONS, OPERATIONS
}
