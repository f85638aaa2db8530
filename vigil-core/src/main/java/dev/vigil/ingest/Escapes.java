package dev.vigil.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Undoes the escapes that access-log writers put into values: nginx's default {@code \xHH} (one
 * byte each, so a multi-byte character arrives as several escapes and is decoded as UTF-8 only
 * after all bytes are back), Apache's {@code \"} and {@code \\}, and nginx {@code escape=json}'s
 * {@code \n \t \r \b \f \/} and <code>&#92;uXXXX</code>. An escape that is not one of these is kept as written.
 *
 * <p>Stateless and thread-safe.
 */
public final class Escapes {
    private Escapes() {}

    /** Whether {@code b[from, to)} holds a backslash, i.e. whether {@link #decode} has work to do. */
    public static boolean hasEscape(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** {@code b[from, to)} as text, escapes undone; malformed UTF-8 becomes U+FFFD. */
    public static String decode(byte[] b, int from, int to) {
        if (!hasEscape(b, from, to)) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = unescape(b, from, to, out);
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code b[from, to)} with escapes undone, as bytes (for binary values such as addresses). */
    public static byte[] decodeBytes(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = unescape(b, from, to, out);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static int unescape(byte[] b, int from, int to, byte[] out) {
        // Every escape is at least as long as what it stands for (a backslash-u escape is 6 bytes for at most 3,
        // a surrogate pair 12 for 4), so the output never outgrows the input.
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c != '\\' || i + 1 >= to) {
                out[n++] = c;
                i++;
                continue;
            }
            byte e = b[i + 1];
            switch (e) {
                case 'x': {
                    int v = i + 3 < to ? hex2(b, i + 2) : -1;
                    if (v < 0) {
                        out[n++] = c;
                        i++;
                    } else {
                        out[n++] = (byte) v;
                        i += 4;
                    }
                    break;
                }
                case '"': case '\\': case '/': case '\'':
                    out[n++] = e;
                    i += 2;
                    break;
                case 'n': out[n++] = '\n'; i += 2; break;
                case 't': out[n++] = '\t'; i += 2; break;
                case 'r': out[n++] = '\r'; i += 2; break;
                case 'b': out[n++] = '\b'; i += 2; break;
                case 'f': out[n++] = '\f'; i += 2; break;
                case 'u': {
                    int cu = i + 5 < to ? hex4(b, i + 2) : -1;
                    if (cu < 0) {
                        out[n++] = c;
                        i++;
                        break;
                    }
                    i += 6;
                    int cp = cu;
                    if (Character.isHighSurrogate((char) cu)) {
                        int lo = i + 5 < to && b[i] == '\\' && b[i + 1] == 'u' ? hex4(b, i + 2) : -1;
                        if (lo >= 0 && Character.isLowSurrogate((char) lo)) {
                            cp = Character.toCodePoint((char) cu, (char) lo);
                            i += 6;
                        } else {
                            cp = 0xFFFD;
                        }
                    } else if (Character.isLowSurrogate((char) cu)) {
                        cp = 0xFFFD;
                    }
                    n = putUtf8(out, n, cp);
                    break;
                }
                default:
                    out[n++] = c;
                    i++;
            }
        }
        return n;
    }

    private static int putUtf8(byte[] out, int n, int cp) {
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xC0 | cp >> 6);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out[n++] = (byte) (0xE0 | cp >> 12);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            out[n++] = (byte) (0xF0 | cp >> 18);
            out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    private static int hex2(byte[] b, int i) {
        int hi = hex(b[i]);
        int lo = hex(b[i + 1]);
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    private static int hex4(byte[] b, int i) {
        int hi = hex2(b, i);
        int lo = hex2(b, i + 2);
        return hi < 0 || lo < 0 ? -1 : hi << 8 | lo;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
