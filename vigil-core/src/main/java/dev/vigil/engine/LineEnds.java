package dev.vigil.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the end of a line in a chunk eight bytes at a time. A chunk worker walks every byte of its
 * input looking for the newline and for bytes that need a closer look (NUL, non-ASCII); reading a
 * word at a time and testing all its bytes at once leaves the byte-by-byte loop only the last
 * word of each line (and lines with such bytes, as before).
 *
 * <p>Stateless and thread-safe.
 */
final class LineEnds {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private LineEnds() {
    }

    /**
     * The index of the first {@code '\n'} in {@code b[from, to)}, or {@code to} when there is
     * none; bitwise inverted (negative) when a byte before it is NUL or has the high bit set.
     */
    static int end(byte[] b, int from, int to) {
        int i = from;
        while (i + Long.BYTES <= to) {
            long w = (long) LONGS.get(b, i);
            long nl = w ^ NEWLINES;
            // nonzero when a byte of the word is a newline (a zero byte of nl), NUL (a zero byte
            // of w) or negative (its high bit): then the bytes are looked at one by one
            if (((((nl - ONES) & ~nl) | ((w - ONES) & ~w) | w) & HIGHS) != 0) {
                break;
            }
            i += Long.BYTES;
        }
        boolean suspicious = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '\n') {
                return suspicious ? ~i : i;
            }
            if (c <= 0) {
                suspicious = true;
            }
        }
        return suspicious ? ~to : to;
    }
}
