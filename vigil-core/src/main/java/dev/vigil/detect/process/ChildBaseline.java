package dev.vigil.detect.process;

import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.util.Locale;

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
        hostStart.computeIfAbsent(host == null ? "" : host, k -> new long[] {time});
    }

    Verdict observe(String host, String worker, String commandLine, long time) {
        String h = host == null ? "" : host;
        long start = hostStart.computeIfAbsent(h, k -> new long[] {time})[0];
        String key = h + '|' + worker + '|' + shape(commandLine);
        if (shapes.get(key) != null) {
            return Verdict.KNOWN;
        }
        shapes.put(key, Boolean.TRUE);
        return time - start < learningMillis ? Verdict.LEARNING : Verdict.NEW;
    }

    /** Digits folded and spaces compressed, so "convert 123.jpg" and "convert 456.jpg" are one shape. */
    static String shape(String commandLine) {
        if (commandLine == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(commandLine.length(), 256));
        boolean digit = false;
        boolean space = false;
        for (int i = 0; i < commandLine.length() && b.length() < 256; i++) {
            char c = Character.toLowerCase(commandLine.charAt(i));
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
        return b.toString().strip().toLowerCase(Locale.ROOT);
    }
}
