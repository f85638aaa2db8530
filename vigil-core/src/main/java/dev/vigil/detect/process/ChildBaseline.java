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
        // the key is a 64-bit hash of host, worker and shape: no string built per process start
        // (two shapes sharing a hash, about one chance in 10^9 among 200,000, would make the
        // second one look known)
        long hash = fnv(fnv(fnv(FNV_OFFSET, h), "|" + worker), "|");
        String key = Long.toString(fold(commandLine, null, hash), 36);
        if (shapes.get(key) != null) {
            return Verdict.KNOWN;
        }
        shapes.put(key, Boolean.TRUE);
        return time - start[0] < learningMillis ? Verdict.LEARNING : Verdict.NEW;
    }

    /** Digits folded and spaces compressed, so "convert 123.jpg" and "convert 456.jpg" are one shape. */
    static String shape(String commandLine) {
        StringBuilder b = new StringBuilder();
        fold(commandLine, b, FNV_OFFSET);
        return b.toString();
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int MAX_SHAPE = 256;

    private static long fnv(long hash, String s) {
        for (int i = 0; i < s.length(); i++) {
            hash = (hash ^ s.charAt(i)) * FNV_PRIME;
        }
        return hash;
    }

    /**
     * The shape of a command line: lower case, each run of digits one '#', each run of white
     * space one ' ', no space at either end, at most {@value #MAX_SHAPE} characters. Appends it to
     * {@code out} when not null, and returns {@code hash} carried on over its characters (FNV-1a).
     */
    private static long fold(String commandLine, StringBuilder out, long hash) {
        if (commandLine == null) {
            return hash;
        }
        int n = 0;
        boolean digit = false;
        boolean space = false;
        for (int i = 0; i < commandLine.length() && n < MAX_SHAPE; i++) {
            char c = commandLine.charAt(i);
            if (c < 128) {
                c = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            } else {
                c = Character.toLowerCase(c);
            }
            if (Character.isWhitespace(c)) {
                space = n > 0; // written only before the next other character
                digit = false;
                continue;
            }
            if (Character.isDigit(c)) {
                if (digit) {
                    continue;
                }
                c = '#';
                digit = true;
            } else {
                digit = false;
            }
            if (space) {
                if (n + 2 > MAX_SHAPE) {
                    break;
                }
                hash = (hash ^ ' ') * FNV_PRIME;
                if (out != null) {
                    out.append(' ');
                }
                n++;
                space = false;
            }
            hash = (hash ^ c) * FNV_PRIME;
            if (out != null) {
                out.append(c);
            }
            n++;
        }
        return hash;
    }
}
