package dev.vigil.analyze.xxe;

/**
 * A lenient UTF-7 decoder (RFC 2152), which the JDK lacks: {@code +} starts a run of modified
 * base64 holding UTF-16 code units, ended by {@code -} (consumed) or by any character outside the
 * base64 alphabet (kept); {@code +-} is a plus sign. Leftover bits at a run's end are dropped, as
 * parsers do. Linear time. Stateless and thread-safe.
 */
final class Utf7 {

    private Utf7() {
    }

    static String decode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '+') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i < n && s.charAt(i) == '-') {
                out.append('+');
                i++;
                continue;
            }
            int bits = 0;
            int count = 0;
            while (i < n && value(s.charAt(i)) >= 0) {
                bits = (bits << 6) | value(s.charAt(i));
                count += 6;
                if (count >= 16) {
                    count -= 16;
                    out.append((char) ((bits >>> count) & 0xffff));
                }
                bits &= (1 << count) - 1;
                i++;
            }
            if (i < n && s.charAt(i) == '-') {
                i++;
            }
        }
        return out.toString();
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }
}
