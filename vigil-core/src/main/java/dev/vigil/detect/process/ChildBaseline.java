package dev.vigil.detect.process;

import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;

/**
 * What each application's web workers normally start: per host and worker, the shapes of the
 * command lines of their children (digits folded, spaces compressed), learnt during a learning
 * period in log time. After it, a known shape (a deploy script, a thumbnailer) is routine and a
 * new one is news, however harmless it looks.
 *
 * <p>Not thread-safe: used by {@link ProcessLineage} on the engine's sequential thread.
 */
final class ChildBaseline {
    enum Verdict {
        /** Seen before: routine for this application. */
        KNOWN,
        /** New, but the host is still in its learning period. */
        LEARNING,
        /** New after the learning period. */
        NEW
    }

    private final long learningMillis;
    private final KeyedState<long[]> hostStart = new InMemoryKeyedState<>(100_000);
    private final KeyedState<Boolean> shapes;

    ChildBaseline(long learningMillis, int maxShapes) {
        this.learningMillis = learningMillis;
        this.shapes = new InMemoryKeyedState<>(maxShapes);
    }

    long learningMillis() {
        return learningMillis;
    }

    /** Notes a host's event time: its learning period starts at the first one. */
    void clock(String host, long time) {
        String h = host == null ? "" : host;
        if (hostStart.get(h) == null) {
            hostStart.put(h, new long[] {time});
        }
    }

    Verdict observe(String host, String worker, String commandLine, long time) {
        String h = host == null ? "" : host;
        long[] start = hostStart.get(h);
        if (start == null) {
            start = new long[] {time};
            hostStart.put(h, start);
        }
        StringBuilder b = new StringBuilder(h.length() + 64).append(h).append('|').append(worker).append('|');
        String key = appendShape(b, commandLine).toString();
        if (shapes.get(key) != null) {
            return Verdict.KNOWN;
        }
        shapes.put(key, Boolean.TRUE);
        return time - start[0] < learningMillis ? Verdict.LEARNING : Verdict.NEW;
    }

    /** Digits folded and spaces compressed, so "convert 123.jpg" and "convert 456.jpg" are one shape. */
    static String shape(String commandLine) {
        return appendShape(new StringBuilder(), commandLine).toString();
    }

    /** Appends {@link #shape}: lower case, each run of digits one '#', each run of spaces one ' ', trimmed, at most 256 characters. */
    private static StringBuilder appendShape(StringBuilder b, String commandLine) {
        if (commandLine == null) {
            return b;
        }
        int start = b.length();
        int limit = start + 256;
        boolean digit = false;
        boolean space = true; // leading spaces are dropped
        for (int i = 0; i < commandLine.length() && b.length() < limit; i++) {
            char c = commandLine.charAt(i);
            if (c < 128) {
                c = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            } else {
                c = Character.toLowerCase(c);
            }
            if (Character.isDigit(c)) {
                if (!digit) {
                    b.append('#');
                }
                digit = true;
                space = false;
            } else if (Character.isWhitespace(c)) {
                if (!space) {
                    b.append(' ');
                }
                space = true;
                digit = false;
            } else {
                b.append(c);
                digit = false;
                space = false;
            }
        }
        if (b.length() > start && b.charAt(b.length() - 1) == ' ') {
            b.setLength(b.length() - 1);
        }
        return b;
    }
}
