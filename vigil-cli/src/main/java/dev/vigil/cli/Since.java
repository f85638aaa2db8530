package dev.vigil.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses {@code --since} and {@code --until}: an age ({@code 30m}, {@code 24h}, {@code 7d}), a date or an ISO-8601 instant (UTC). */
final class Since {
    private Since() {}

    static long parse(String s, Instant now) {
        return parse(s, now, "--since");
    }

    /** As {@link #parse(String, Instant)}, naming {@code option} in the error message. */
    static long parse(String s, Instant now, String option) {
        Duration age = age(s);
        if (age != null) {
            return now.minus(age).toEpochMilli();
        }
        try {
            return time(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--since", option), e);
        }
    }

    /** {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w} as a duration, or {@code null} for anything else. */
    static Duration age(String s) {
        String v = s.trim();
        if (v.length() >= 2 && Character.isDigit(v.charAt(0))) {
            char unit = v.charAt(v.length() - 1);
            String num = v.substring(0, v.length() - 1);
            if (num.chars().allMatch(Character::isDigit) && num.length() <= 9) {
                long n = Long.parseLong(num);
                Duration d = switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    case 'w' -> Duration.ofDays(7 * n);
                    default -> null;
                };
                return d;
            }
        }
        return null;
    }

    /** A date (UTC midnight) or an ISO-8601 instant. */
    static long time(String s) {
        String v = s.trim();
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            // not an instant; try a date
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + s
                    + "': expected an age such as 24h or 7d, a date (2025-01-31) or a UTC time (2025-01-31T12:00:00Z)");
        }
    }
}
