package dev.vigil.analyze.format;

import dev.vigil.analyze.RawValues;
import java.util.Optional;

/**
 * Reads a value for printf-family conversion specifications (C99 7.19.6.1, POSIX positional
 * arguments) that only make sense as a format string attack on code that passes the value as the
 * format: a write through {@code %n}, a positional read ({@code %7$x}), a run of reads that dumps
 * the stack ({@code %x%x%x%x}, {@code %08x.%08x.%08x.%08x}, {@code %s%s%s%s}, {@code %p %p %p %p}),
 * or a width large enough to overrun a buffer ({@code %99999999s}).
 *
 * <p>A specification is {@code %} [argument {@code $}] [flags {@code -+ #0'}] [width or {@code *}]
 * [{@code .}precision] [length {@code hh h l ll L q j z t}] conversion. The value is read with its
 * case (strftime's {@code %Y-%m-%d %H:%M:%S} has two printf conversions, {@code d} and {@code S}, not
 * four), percent-decoded as logged.
 *
 * <p>Linear in the value's length. Stateless and thread-safe.
 */
public final class FormatString {

    static final int MAX_LEN = 4096;
    /** Specifications in a run before it is a stack dump rather than a template with a field or two. */
    private static final int RUN = 4;
    /** Characters allowed between two specifications of a run ({@code %x.%x}, {@code %p %p}, {@code %x|%x}). */
    private static final int GAP = 2;

    private FormatString() {
    }

    /** @param raw the value as logged; null gives empty. Never throws. */
    public static Optional<String> detect(String raw) {
        if (raw == null || raw.length() < 2 || raw.indexOf('%') < 0) {
            return Optional.empty();
        }
        try {
            String r = raw.length() > MAX_LEN * 3 ? raw.substring(0, MAX_LEN * 3) : raw;
            // once, as the server hands it to the application: a second round would read %08x as a byte
            String s = RawValues.percentDecode(r, 1);
            return Optional.ofNullable(read(s.length() > MAX_LEN ? s.substring(0, MAX_LEN) : s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String read(String s) {
        int n = s.length();
        int specs = 0;
        int run = 0;
        int runEnd = -1;
        boolean write = false;
        for (int i = s.indexOf('%'); i >= 0 && i < n - 1; ) {
            int end = spec(s, i + 1, n);
            if (end < 0) {
                i = s.indexOf('%', i + 1);
                continue;
            }
            char conv = s.charAt(end - 1);
            if (conv == '%') {
                i = s.indexOf('%', end);
                continue;
            }
            specs++;
            if (positional(s, i + 1) && "xXpsn".indexOf(conv) >= 0) {
                return "positional format read or write";
            }
            if (wideWidth(s, i + 1, end)) {
                return "format width that overruns a buffer";
            }
            write |= conv == 'n';
            run = runEnd >= 0 && i - runEnd <= GAP ? run + 1 : 1;
            runEnd = end;
            if (run >= RUN && "xXpsndiuco".indexOf(conv) >= 0) {
                return "run of format conversions";
            }
            if (write && specs >= 2) {
                return "format write through %n";
            }
            i = s.indexOf('%', end);
        }
        return null;
    }

    /** The end (exclusive) of a conversion specification whose characters start at {@code i}, or -1. */
    private static int spec(String s, int i, int n) {
        int j = i;
        int d = j;
        while (d < n && Character.isDigit(s.charAt(d))) {
            d++;
        }
        if (d > j && d < n && s.charAt(d) == '$') {
            j = d + 1;
        }
        while (j < n && "-+ #0'".indexOf(s.charAt(j)) >= 0 && j - i < 8) {
            j++;
        }
        if (j < n && s.charAt(j) == '*') {
            j++;
        } else {
            while (j < n && Character.isDigit(s.charAt(j)) && j - i < 16) {
                j++;
            }
        }
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && Character.isDigit(s.charAt(j)) && j - i < 24) {
                j++;
            }
        }
        if (s.startsWith("hh", j) || s.startsWith("ll", j)) {
            j += 2;
        } else if (j < n && "hlLqjzt".indexOf(s.charAt(j)) >= 0) {
            j++;
        }
        if (j >= n) {
            return -1;
        }
        char c = s.charAt(j);
        return "diouxXeEfFgGaAcsSpn%".indexOf(c) >= 0 ? j + 1 : -1;
    }

    private static boolean positional(String s, int i) {
        int d = i;
        while (d < s.length() && Character.isDigit(s.charAt(d))) {
            d++;
        }
        return d > i && d < s.length() && s.charAt(d) == '$';
    }

    /** A width or precision of five digits or more. */
    private static boolean wideWidth(String s, int i, int end) {
        int digits = 0;
        for (int k = i; k < end; k++) {
            if (Character.isDigit(s.charAt(k))) {
                digits++;
                if (digits >= 5) {
                    return true;
                }
            } else {
                digits = 0;
            }
        }
        return false;
    }
}
