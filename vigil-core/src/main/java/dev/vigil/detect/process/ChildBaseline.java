package dev.vigil.detect.process;

import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.MapState;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.util.List;

/**
 * What each application's web workers normally start: per host and worker, the shapes of the
 * command lines of their children (digits folded, spaces compressed), learnt during a learning
 * period in log time. After it, a known shape (a deploy script, a thumbnailer) is routine and a
 * new one is news, however harmless it looks.
 *
 * <p>State, keyed by host (the {@link KeyContext} of {@link ProcessLineage}): the time the host's
 * learning began, and the shapes seen, by a 64-bit hash of worker and shape (bounded over all
 * hosts). Holds configuration only: thread-safe.
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

    private static final StateSpec.Value<Long> HOST_START = new StateSpec.Value<>("baseline-start", Codec.LONG);

    private final long learningMillis;
    private final StateSpec.Map<Long, Boolean> shapes;

    ChildBaseline(long learningMillis, int maxShapes) {
        this.learningMillis = learningMillis;
        this.shapes = new StateSpec.Map<>("baseline-shapes", Codec.LONG, Codec.BOOLEAN, maxShapes);
    }

    List<StateSpec> states() {
        return List.of(HOST_START, shapes);
    }

    long learningMillis() {
        return learningMillis;
    }

    /** Notes the host's event time: its learning period starts at the first one. */
    void clock(KeyContext host, long time) {
        ValueState<Long> start = host.value(HOST_START);
        if (start.value() == null) {
            start.update(time);
        }
    }

    Verdict observe(KeyContext host, String worker, String commandLine, long time) {
        ValueState<Long> startState = host.value(HOST_START);
        Long start = startState.value();
        if (start == null) {
            start = time;
            startState.update(start);
        }
        // the key is a 64-bit hash of worker and shape: no string built per process start (two
        // shapes sharing a hash, about one chance in 10^9 among 200,000, would make the second
        // one look known)
        long hash = fnv(fnv(FNV_OFFSET, "|" + worker), "|");
        Long key = fold(commandLine, null, hash);
        MapState<Long, Boolean> seen = host.map(shapes);
        if (seen.get(key) != null) {
            return Verdict.KNOWN;
        }
        seen.put(key, Boolean.TRUE);
        return time - start < learningMillis ? Verdict.LEARNING : Verdict.NEW;
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
