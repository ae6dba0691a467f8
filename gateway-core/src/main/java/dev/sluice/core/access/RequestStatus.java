package dev.sluice.core.access;

import java.util.Locale;

/** Where an access request stands. Only {@link #PENDING} requests can be answered or cancelled. */
public enum RequestStatus {
    PENDING, APPROVED, DENIED, EXPIRED, CANCELLED;

    /** @throws IllegalArgumentException naming the allowed values */
    public static RequestStatus parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a request status is pending, approved, denied, expired or cancelled, got \"" + text + "\"");
        }
    }
}
