package dev.vigil.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Small byte-scanning helpers the line parsers share: they read lines as bytes, by index, and
 * turn only the fields they keep into strings.
 *
 * <p>Static and thread-safe.
 */
public final class Bytes {
    private Bytes() {}

    /** Skips a UTF-8 byte-order mark, which Windows tools write before a file's first line. */
    public static int skipBom(byte[] b, int start, int end) {
        if (end - start >= 3 && b[start] == (byte) 0xEF && b[start + 1] == (byte) 0xBB && b[start + 2] == (byte) 0xBF) {
            return start + 3;
        }
        return start;
    }

    /** The end of {@code b[start, end)} without trailing spaces, tabs and carriage returns. */
    public static int trimEnd(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t' || b[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    /** The first index in {@code b[start, end)} that is not a space or a tab. */
    public static int skipBlanks(byte[] b, int start, int end) {
        while (start < end && (b[start] == ' ' || b[start] == '\t')) {
            start++;
        }
        return start;
    }

    /** The first index of {@code w} in {@code b[from, to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte[] w) {
        int last = to - w.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (b[i] != w[0]) {
                continue;
            }
            for (int j = 1; j < w.length; j++) {
                if (b[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The first index of {@code c} in {@code b[from, to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code b[from, to)} decoded as UTF-8 (malformed bytes become U+FFFD). */
    public static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Whether {@code b[from, end)} starts with {@code lowerPrefix}, ASCII letters in any case. */
    public static boolean startsWith(byte[] b, int from, int end, String lowerPrefix) {
        if (end - from < lowerPrefix.length()) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            int c = b[from + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerPrefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The words of {@code b[from, to)} separated by spaces and tabs, such as a W3C {@code #Fields:} list. */
    public static java.util.List<String> words(byte[] b, int from, int to) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = from;
        while (i < to) {
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            int j = i;
            while (j < to && b[j] != ' ' && b[j] != '\t') {
                j++;
            }
            if (j > i) {
                out.add(text(b, i, j));
            }
            i = j;
        }
        return out;
    }

    /** Whether {@code b[from, to)} holds only spaces and tabs. */
    public static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
