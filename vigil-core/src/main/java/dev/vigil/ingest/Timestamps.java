package dev.vigil.ingest;

import dev.vigil.event.Event;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Time stamp parsing for log formats. The access-log form is parsed by hand from bytes because it
 * sits on the hot path; the rarer forms go through {@code java.time}.
 *
 * <p>All methods are static, allocation-light and thread-safe; none throws on bad input: they
 * return {@link Event#NO_TIME} instead. That includes times java.time reads but that do not fit
 * in epoch milliseconds ({@code +999999999-12-31T23:59:59Z}): every parser gives only times
 * within {@link #MIN_MILLIS} and {@link #MAX_MILLIS}, so that detectors can add windows to a
 * time without overflow.
 */
public final class Timestamps {
    private Timestamps() {}

    /** The earliest time a parser returns: 0000-01-01T00:00:00Z. */
    public static final long MIN_MILLIS = -62_167_219_200_000L;
    /** The latest time a parser returns: 9999-12-31T23:59:59.999Z. */
    public static final long MAX_MILLIS = 253_402_300_799_999L;

    /** {@code ms} when it lies within [{@link #MIN_MILLIS}, {@link #MAX_MILLIS}], else {@link Event#NO_TIME}. */
    public static long inRange(long ms) {
        return ms >= MIN_MILLIS && ms <= MAX_MILLIS ? ms : Event.NO_TIME;
    }

    /** Epoch seconds (with fraction) as milliseconds, or {@link Event#NO_TIME} when not finite or out of range. */
    public static long fromEpochSeconds(double seconds) {
        if (!Double.isFinite(seconds)) {
            return Event.NO_TIME;
        }
        double ms = seconds * 1000.0;
        return ms >= MIN_MILLIS && ms <= MAX_MILLIS ? Math.round(ms) : Event.NO_TIME;
    }

    private static final int[] CUMULATIVE_DAYS = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

    /**
     * Parses the common log format time {@code 10/Oct/2000:13:55:36 -0700} (brackets excluded)
     * from {@code buf[from, to)}; fractions of a second ({@code 13:55:36.123}) are accepted.
     */
    public static long clf(byte[] buf, int from, int to) {
        // dd/MMM/yyyy:HH:mm:ss +hhmm  is 26 bytes
        if (to - from < 20) {
            return Event.NO_TIME;
        }
        int i = from;
        int day = digits2(buf, i);
        if (day < 1 || day > 31 || buf[i + 2] != '/') {
            return Event.NO_TIME;
        }
        int month = month(buf[i + 3], buf[i + 4], buf[i + 5]);
        if (month < 0 || buf[i + 6] != '/') {
            return Event.NO_TIME;
        }
        int year = digits4(buf, i + 7);
        if (year < 0 || buf[i + 11] != ':') {
            return Event.NO_TIME;
        }
        int hh = digits2(buf, i + 12);
        int mm = digits2(buf, i + 15);
        int ss = digits2(buf, i + 18);
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60
                || buf[i + 14] != ':' || buf[i + 17] != ':') {
            return Event.NO_TIME;
        }
        int p = i + 20;
        int millis = 0;
        if (p < to && buf[p] == '.') {
            p++;
            int scale = 100;
            while (p < to && buf[p] >= '0' && buf[p] <= '9') {
                millis += (buf[p] - '0') * scale;
                scale /= 10;
                p++;
            }
        }
        int offsetMinutes = 0;
        if (p < to && buf[p] == ' ') {
            p++;
            if (p + 5 <= to && (buf[p] == '+' || buf[p] == '-')) {
                int oh = digits2(buf, p + 1);
                int om = digits2(buf, p + 3);
                if (oh < 0 || om < 0) {
                    return Event.NO_TIME;
                }
                offsetMinutes = (oh * 60 + om) * (buf[p] == '-' ? -1 : 1);
            }
        }
        long days = epochDay(year, month, day);
        return inRange(((days * 86_400L + hh * 3600L + mm * 60L + ss) - offsetMinutes * 60L) * 1000L + millis);
    }

    /** ISO-8601 with offset or {@code Z} ({@code 2024-03-01T12:00:00.1234567Z}); no offset means UTC. */
    public static long iso(String s) {
        if (s == null || s.isEmpty()) {
            return Event.NO_TIME;
        }
        long t = isoPlain(s);
        return t != FALL_BACK ? t : isoJavaTime(s);
    }

    private static final long FALL_BACK = Long.MIN_VALUE + 1;

    /**
     * The plain forms by hand ({@code 2024-03-01T12:00:00}, {@code .fraction} of up to nine
     * digits, {@code Z} or {@code +hh:mm}, or a space for the {@code T} without an offset): the
     * same value java.time gives, at a fraction of its cost. {@link #FALL_BACK} for any other
     * form, leaving it to java.time, including a date that may not exist.
     */
    static long isoPlain(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return FALL_BACK;
        }
        char sep = s.charAt(10);
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hh = digits(s, 11, 2);
        int mm = digits(s, 14, 2);
        int ss = digits(s, 17, 2);
        if ((sep != 'T' && sep != ' ') || year < 1000 || month < 1 || month > 12 || day < 1
                || day > monthLength(year, month) || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
            return FALL_BACK;
        }
        int i = 19;
        long nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int digits = i - start;
            if (digits < 1 || digits > 9) {
                return FALL_BACK;
            }
            nanos = digits(s, start, digits);
            for (int k = digits; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (sep == 'T' && i + 1 == n && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (sep == 'T' && i + 6 == n && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return FALL_BACK;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return FALL_BACK;
        }
        long seconds = epochDay(year, month - 1, day) * 86_400L + hh * 3600L + mm * 60L + ss - offsetSeconds;
        return inRange(seconds * 1000L + nanos / 1_000_000L);
    }

    private static int monthLength(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** {@link #iso} through java.time: the reference the hand-written form is tested against. */
    static long isoJavaTime(String s) {
        // ArithmeticException: java.time reads years up to +999999999, which overflow epoch millis
        try {
            return inRange(OffsetDateTime.parse(s).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            try {
                return inRange(LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli());
            } catch (DateTimeException | ArithmeticException e2) {
                return Event.NO_TIME;
            }
        } catch (DateTimeException | ArithmeticException e) {
            return Event.NO_TIME;
        }
    }

    /** W3C extended log {@code date} and {@code time} fields, always UTC ({@code 2024-03-01}, {@code 12:00:00}). */
    public static long w3c(String date, String time) {
        if (date == null || time == null) {
            return Event.NO_TIME;
        }
        try {
            return inRange(LocalDate.parse(date).atTime(java.time.LocalTime.parse(time))
                    .toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return Event.NO_TIME;
        }
    }

    /** Seconds since the epoch with optional fraction, as nginx's {@code $msec} writes them. */
    public static long epochSeconds(String s) {
        if (s == null) {
            return Event.NO_TIME;
        }
        try {
            return fromEpochSeconds(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return Event.NO_TIME;
        }
    }

    static long epochDay(int year, int month, int day) {
        // Days from 1970-01-01, proleptic Gregorian; month is 0-based.
        long y = year;
        long leapsBefore = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 - (1969 / 4 - 1969 / 100 + 1969 / 400);
        long days = (y - 1970) * 365 + leapsBefore + CUMULATIVE_DAYS[month] + day - 1;
        boolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (leap && month > 1) {
            days++;
        }
        return days;
    }

    private static int digits2(byte[] b, int i) {
        int a = b[i] - '0';
        int c = b[i + 1] - '0';
        if (a < 0 || a > 9 || c < 0 || c > 9) {
            return -1;
        }
        return a * 10 + c;
    }

    private static int digits4(byte[] b, int i) {
        int hi = digits2(b, i);
        int lo = digits2(b, i + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }

    private static int month(byte a, byte b, byte c) {
        int x = ((a | 0x20) << 16) | ((b | 0x20) << 8) | (c | 0x20);
        switch (x) {
            case ('j' << 16) | ('a' << 8) | 'n': return 0;
            case ('f' << 16) | ('e' << 8) | 'b': return 1;
            case ('m' << 16) | ('a' << 8) | 'r': return 2;
            case ('a' << 16) | ('p' << 8) | 'r': return 3;
            case ('m' << 16) | ('a' << 8) | 'y': return 4;
            case ('j' << 16) | ('u' << 8) | 'n': return 5;
            case ('j' << 16) | ('u' << 8) | 'l': return 6;
            case ('a' << 16) | ('u' << 8) | 'g': return 7;
            case ('s' << 16) | ('e' << 8) | 'p': return 8;
            case ('o' << 16) | ('c' << 8) | 't': return 9;
            case ('n' << 16) | ('o' << 8) | 'v': return 10;
            case ('d' << 16) | ('e' << 8) | 'c': return 11;
            default: return -1;
        }
    }
}
