package dev.sluice.core.access;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A weekly time window in one zone, such as Monday to Friday 09:00-18:00 Europe/Paris.
 *
 * @param from inclusive
 * @param until exclusive, after {@code from}
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime until) {
    public static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    public BusinessHours {
        if (days.isEmpty() || !from.isBefore(until)) {
            throw new IllegalArgumentException("business hours name at least one day and a start before their end, got "
                    + days + " " + from + "-" + until);
        }
        days = Set.copyOf(days);
    }

    /** Monday to Friday between {@code from} and {@code until} in {@code zone}. */
    public static BusinessHours weekdays(ZoneId zone, LocalTime from, LocalTime until) {
        return new BusinessHours(zone, WEEKDAYS, from, until);
    }

    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(until);
    }
}
