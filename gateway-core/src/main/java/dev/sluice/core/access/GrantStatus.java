package dev.sluice.core.access;

/** Where a grant stands. Only an {@link #ACTIVE} grant can be used; every other status is final. */
public enum GrantStatus {
    ACTIVE, EXPIRED, EXHAUSTED, REVOKED
}
