package dev.vigil.text;

/**
 * Reads the IPv4 address a value names: the value itself, or the host of a URL in it
 * ({@code http://user@10.0.0.1:80/x}). Also the integer forms browsers accept
 * ({@code 2130706433}, {@code 0x7f000001}) so SSRF rules see through them.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /** @return the address as an unsigned 32-bit value, or -1 when the value names none */
    public static long find(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        int start = 0;
        int scheme = s.indexOf("://");
        if (scheme >= 16) {
            scheme = -1;
        }
        if (scheme >= 0) {
            start = scheme + 3;
        } else if (s.startsWith("//")) {
            start = 2;
        }
        int end = s.length();
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                end = i;
                break;
            }
        }
        String auth = s.substring(start, end);
        int at = auth.lastIndexOf('@');
        if (at >= 0) {
            auth = auth.substring(at + 1);
        }
        if (auth.startsWith("[")) {
            return -1;
        }
        int colon = auth.indexOf(':');
        if (colon >= 0) {
            auth = auth.substring(0, colon);
        }
        long ip = parse(auth);
        // without a scheme only a dotted quad counts: "12" or "3.5" in a parameter is not an address
        if (ip >= 0 && scheme < 0 && !start2(s) && auth.chars().filter(ch -> ch == '.').count() != 3) {
            return -1;
        }
        return ip;
    }

    private static boolean start2(String s) {
        return s.startsWith("//");
    }

    static long parse(String h) {
        if (h.isEmpty() || h.length() > 40) {
            return -1;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = number(parts[i]);
            if (v[i] < 0) {
                return -1;
            }
        }
        // inet_aton rules: the last part fills the remaining bytes
        long addr;
        switch (parts.length) {
            case 1:
                addr = v[0];
                break;
            case 2:
                addr = v[0] << 24 | v[1];
                break;
            case 3:
                addr = v[0] << 24 | v[1] << 16 | v[2];
                break;
            default:
                if (v[0] > 255 || v[1] > 255 || v[2] > 255 || v[3] > 255) {
                    return -1;
                }
                addr = v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3];
        }
        return addr > 0xffffffffL ? -1 : addr;
    }

    private static long number(String p) {
        if (p.isEmpty() || p.length() > 12) {
            return -1;
        }
        int radix = 10;
        int i = 0;
        if (p.length() > 1 && p.charAt(0) == '0') {
            if (p.charAt(1) == 'x' || p.charAt(1) == 'X') {
                radix = 16;
                i = 2;
                if (p.length() == 2) {
                    return -1;
                }
            } else {
                radix = 8;
                i = 1;
            }
        }
        long v = 0;
        for (; i < p.length(); i++) {
            int d = Character.digit(p.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }
}
