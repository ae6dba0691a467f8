package dev.sluice.core.audit;

import java.util.Locale;

/** Where a session's recording stands, as the index tells it. */
public enum SessionStatus {
    /** Recording; or left open by a process that has not been restarted since. */
    OPEN,
    /** Ended and sealed. */
    CLOSED,
    /** Found open by a later process: the gateway stopped without sealing it. */
    CUT_OFF,
    /** Removed by retention; the deletion log holds its last hash. */
    DELETED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code open}, {@code closed}, {@code cut_off} or {@code deleted}, any case. */
    public static SessionStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
