package dev.vigil.ingest;

import dev.vigil.event.Event;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The time stamps of Unix daemons' own log files, which the other formats do not use:
 * <ul>
 *   <li>BSD syslog {@code Nov 28 10:00:00} (day space-padded or not), which has no year: the year
 *       is the reference clock's, or the one before when that would put the time more than a day
 *       ahead of the clock (a December log read in January), as log collectors do;</li>
 *   <li>BIND {@code 28-Nov-2026 10:00:00.123};</li>
 *   <li>ctime {@code Sat Nov 28 10:00:00 2026} (vsftpd).</li>
 * </ul>
 * All are read as UTC: these logs do not say their zone, and servers that ship logs usually run
 * in UTC. Parsed by hand from bytes; nothing throws, a bad stamp gives {@link Event#NO_TIME}.
 *
 * <p>Static and thread-safe.
 */
public final class SyslogTime {
    private SyslogTime() {}

    /** Length of {@code Nov 28 10:00:00}. */
    public static final int BSD_LENGTH = 15;

    /** BSD syslog time at {@code b[from, from + 15)}, the year inferred from {@code clock}. */
    public static long bsd(byte[] b, int from, int to, Clock clock) {
        if (to - from < BSD_LENGTH || b[from + 3] != ' ' || b[from + 6] != ' ') {
            return Event.NO_TIME;
        }
        int month = month(b, from);
        int day = spaceOrDigit(b[from + 4]) * 10 + digit(b[from + 5]);
        if (month < 0 || b[from + 5] == ' ' || spaceOrDigit(b[from + 4]) < 0 || digit(b[from + 5]) < 0) {
            return Event.NO_TIME;
        }
        long tod = timeOfDay(b, from + 7);
        if (tod < 0 || day < 1 || day > 31) {
            return Event.NO_TIME;
        }
        long now = clock.millis();
        int year = LocalDate.ofEpochDay(Math.floorDiv(now, 86_400_000L)).getYear();
        long t = at(year, month, day, tod);
        if (t != Event.NO_TIME && t > now + 86_400_000L) {
            t = at(year - 1, month, day, tod);
        }
        return t;
    }

    /** BIND {@code dd-MMM-yyyy HH:mm:ss[.fff]} at {@code from}; returns {time, end index} or null. */
    public static long[] bind(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 2] != '-' || b[from + 6] != '-' || b[from + 11] != ' ') {
            return null;
        }
        int day = digit(b[from]) * 10 + digit(b[from + 1]);
        int month = month(b, from + 3);
        int year = year(b, from + 7);
        long tod = timeOfDay(b, from + 12);
        if (digit(b[from]) < 0 || digit(b[from + 1]) < 0 || month < 0 || year < 0 || tod < 0) {
            return null;
        }
        int p = from + 20;
        long millis = fraction(b, p, to);
        if (p < to && b[p] == '.') {
            p++;
            while (p < to && digit(b[p]) >= 0) {
                p++;
            }
        }
        long t = at(year, month, day, tod);
        return t == Event.NO_TIME ? null : new long[] {t + millis, p};
    }

    /** ctime {@code Www Mmm dd HH:mm:ss yyyy} (24 bytes) at {@code from}, or {@link Event#NO_TIME}. */
    public static long ctime(byte[] b, int from, int to) {
        if (to - from < 24 || b[from + 3] != ' ' || b[from + 7] != ' ' || b[from + 10] != ' ' || b[from + 19] != ' ') {
            return Event.NO_TIME;
        }
        int month = month(b, from + 4);
        if (month < 0 || spaceOrDigit(b[from + 8]) < 0 || digit(b[from + 9]) < 0) {
            return Event.NO_TIME;
        }
        int day = spaceOrDigit(b[from + 8]) * 10 + digit(b[from + 9]);
        long tod = timeOfDay(b, from + 11);
        int year = year(b, from + 20);
        if (tod < 0 || year < 0) {
            return Event.NO_TIME;
        }
        return at(year, month, day, tod);
    }

    private static long at(int year, int month, int day, long tod) {
        if (day < 1 || day > 31) {
            return Event.NO_TIME;
        }
        try {
            return LocalDate.of(year, month + 1, day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + tod;
        } catch (java.time.DateTimeException e) {
            return Event.NO_TIME; // 31 Feb and the like
        }
    }

    /** {@code HH:mm:ss} at {@code i} in milliseconds, or -1. */
    private static long timeOfDay(byte[] b, int i) {
        if (b[i + 2] != ':' || b[i + 5] != ':') {
            return -1;
        }
        int hh = two(b, i);
        int mm = two(b, i + 3);
        int ss = two(b, i + 6);
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
            return -1;
        }
        return (hh * 3600L + mm * 60L + ss) * 1000L;
    }

    private static long fraction(byte[] b, int p, int to) {
        if (p >= to || b[p] != '.') {
            return 0;
        }
        long ms = 0;
        int scale = 100;
        for (int i = p + 1; i < to && digit(b[i]) >= 0; i++) {
            ms += digit(b[i]) * scale;
            scale /= 10;
        }
        return ms;
    }

    private static int year(byte[] b, int i) {
        int hi = two(b, i);
        int lo = two(b, i + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }

    private static int two(byte[] b, int i) {
        int a = digit(b[i]);
        int c = digit(b[i + 1]);
        return a < 0 || c < 0 ? -1 : a * 10 + c;
    }

    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    private static int spaceOrDigit(byte c) {
        return c == ' ' ? 0 : digit(c);
    }

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    /** 0-based month of the three letters at {@code i}, or -1. */
    private static int month(byte[] b, int i) {
        for (int m = 0; m < 12; m++) {
            boolean ok = true;
            for (int k = 0; k < 3 && ok; k++) {
                ok = (b[i + k] | 0x20) == MONTHS.charAt(m * 3 + k);
            }
            if (ok) {
                return m;
            }
        }
        return -1;
    }
}
