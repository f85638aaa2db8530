package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineEndsTest {

    /** The byte-by-byte loop the word-at-a-time search replaces. */
    private static int naive(byte[] b, int from, int to) {
        boolean suspicious = false;
        int i = from;
        for (; i < to; i++) {
            if (b[i] == '\n') {
                break;
            }
            if (b[i] <= 0) {
                suspicious = true;
            }
        }
        return suspicious ? ~i : i;
    }

    @Test
    void findsLineEndsAndOddBytesAsTheByteLoopDoes() {
        Random rnd = new Random(12);
        byte[] pool = {'a', 'Z', ' ', '/', '\n', '\r', 0, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0x7F, 0x0A, 0x01, 0x0B, 0x09};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // mostly plain text, so that whole words are skipped as well
                b[i] = rnd.nextInt(4) == 0 ? pool[rnd.nextInt(pool.length)] : (byte) ('a' + rnd.nextInt(26));
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(LineEnds.end(b, from, to)).as("round %d", round).isEqualTo(naive(b, from, to));
        }
    }

    @Test
    void aLongPlainLineEndsAtItsNewline() {
        byte[] b = ("x".repeat(1000) + "\nnext").getBytes(StandardCharsets.US_ASCII);
        assertThat(LineEnds.end(b, 0, b.length)).isEqualTo(1000);
        assertThat(LineEnds.end(b, 1001, b.length)).isEqualTo(b.length);
        b[500] = (byte) 0xE9;
        assertThat(LineEnds.end(b, 0, b.length)).isEqualTo(~1000);
    }
}
