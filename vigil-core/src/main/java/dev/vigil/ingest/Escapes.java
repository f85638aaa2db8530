package dev.vigil.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Undoes the escapes web servers write inside quoted log fields: nginx's {@code \xHH} (a raw
 * byte, so multi-byte UTF-8 comes back whole) and Apache's {@code \"}, {@code \\}, {@code \n},
 * {@code \t}, {@code \r}. Anything else after a backslash is kept as written.
 *
 * <p>Static and thread-safe.
 */
public final class Escapes {
    private Escapes() {}

    /** Decodes {@code buf[from, to)} as UTF-8, undoing escapes only when a backslash is present. */
    public static String unescape(byte[] buf, int from, int to) {
        int bs = -1;
        for (int i = from; i < to; i++) {
            if (buf[i] == '\\') {
                bs = i;
                break;
            }
        }
        if (bs < 0) {
            return new String(buf, from, to - from, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        out.write(buf, from, bs - from);
        int i = bs;
        while (i < to) {
            byte b = buf[i];
            if (b != '\\' || i + 1 >= to) {
                out.write(b);
                i++;
                continue;
            }
            byte n = buf[i + 1];
            switch (n) {
                case 'x':
                    if (i + 3 < to && hex(buf[i + 2]) >= 0 && hex(buf[i + 3]) >= 0) {
                        out.write(hex(buf[i + 2]) << 4 | hex(buf[i + 3]));
                        i += 4;
                    } else {
                        out.write(b);
                        i++;
                    }
                    continue;
                case '"': out.write('"'); break;
                case '\\': out.write('\\'); break;
                case 'n': out.write('\n'); break;
                case 't': out.write('\t'); break;
                case 'r': out.write('\r'); break;
                default:
                    out.write(b);
                    out.write(n);
                    break;
            }
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
