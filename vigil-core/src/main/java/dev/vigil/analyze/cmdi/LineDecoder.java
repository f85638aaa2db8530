package dev.vigil.analyze.cmdi;

/**
 * Percent-decodes a raw value while keeping line breaks, which the shared normaliser compresses
 * to a space but a shell reads as a command separator; also IIS {@code %u00hh} escapes. ASCII only (other bytes stay as they are),
 * lower-cased, at most three rounds for double and triple encoding.
 *
 * <p>Stateless and thread-safe.
 */
final class LineDecoder {
    private LineDecoder() {
    }

    static String decode(String raw) {
        String s = raw;
        for (int round = 0; round < 3 && s.indexOf('%') >= 0; round++) {
            String next = once(s, round == 0);
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String once(String s, boolean plusIsSpace) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                // %hh, or IIS %u00hh for the same ASCII character (%u000a is a line break)
                int at = i + 3 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')
                        && s.charAt(i + 2) == '0' && s.charAt(i + 3) == '0' ? i + 4 : i + 1;
                if (at + 1 < n) {
                    int h = hex(s.charAt(at));
                    int l = hex(s.charAt(at + 1));
                    if (h >= 0 && l >= 0 && h < 8) {
                        out.append((char) (h << 4 | l));
                        i = at + 1;
                        continue;
                    }
                }
            }
            out.append(c == '+' && plusIsSpace ? ' ' : c);
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
