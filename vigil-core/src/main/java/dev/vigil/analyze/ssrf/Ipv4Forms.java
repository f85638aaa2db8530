package dev.vigil.analyze.ssrf;

/**
 * IPv4 hosts in every notation {@code inet_aton} accepts, and the address blocks only a server
 * can reach.
 *
 * <p>Stateless and thread-safe.
 */
final class Ipv4Forms {
    private Ipv4Forms() {
    }

    /**
     * Reads {@code s} as {@code inet_aton} does: one to four parts separated by dots, each decimal,
     * octal (leading 0) or hexadecimal (0x); the last part fills the bytes the others left, so
     * {@code 127.1} is 127.0.0.1 and {@code 2130706433} is too.
     * @return the address as an unsigned 32-bit value, or -1
     */
    static long parse(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return -1;
        }
        long[] parts = new long[4];
        int count = 0;
        int i = 0;
        int n = s.length();
        while (i <= n) {
            if (count == 4) {
                return -1;
            }
            int j = i;
            while (j < n && s.charAt(j) != '.') {
                j++;
            }
            long v = number(s, i, j);
            if (v < 0) {
                return -1;
            }
            parts[count++] = v;
            i = j + 1;
            if (j == n) {
                break;
            }
        }
        long ip;
        switch (count) {
            case 1:
                ip = parts[0];
                break;
            case 2:
                if (parts[0] > 255 || parts[1] > 0xffffffL) {
                    return -1;
                }
                ip = parts[0] << 24 | parts[1];
                break;
            case 3:
                if (parts[0] > 255 || parts[1] > 255 || parts[2] > 0xffffL) {
                    return -1;
                }
                ip = parts[0] << 24 | parts[1] << 16 | parts[2];
                break;
            default:
                if (parts[0] > 255 || parts[1] > 255 || parts[2] > 255 || parts[3] > 255) {
                    return -1;
                }
                ip = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
        }
        return ip > 0xffffffffL ? -1 : ip;
    }

    private static long number(String s, int from, int to) {
        if (from >= to || to - from > 34) {
            return -1;
        }
        int base = 10;
        int i = from;
        if (to - from >= 3 && s.charAt(i) == '0' && s.charAt(i + 1) == 'o') {
            base = 8; // 0o177: the octal prefix of Python and newer URL libraries
            i += 2;
        } else if (to - from >= 2 && s.charAt(i) == '0' && s.charAt(i + 1) == 'x') {
            base = 16;
            i += 2;
            if (i == to) {
                return 0; // "0x" alone is 0 to inet_aton
            }
        } else if (to - from >= 2 && s.charAt(i) == '0') {
            base = 8;
            i++;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) {
                return -1;
            }
            v = v * base + d;
            if (v > 0xffffffffL) {
                return -1;
            }
        }
        return v;
    }

    /** Why an address is server-side only (loopback, private, link-local, metadata...), or null. */
    static String internal(long ip) {
        int a = (int) (ip >>> 24);
        int b = (int) (ip >>> 16 & 0xff);
        if (ip == 0xa9fea9feL || ip == 0xa9fea9fbL) {
            return "metadata service"; // 169.254.169.254 (AWS, GCP, Azure, OpenStack...), .251
        }
        if (ip == 0x646464c8L) {
            return "metadata service"; // Alibaba Cloud 100.100.100.200
        }
        if (ip == 0xc00000c0L) {
            return "metadata service"; // Oracle Cloud 192.0.0.192
        }
        if (ip == 0xa83f8110L) {
            return "metadata service"; // Azure wire server 168.63.129.16
        }
        if (a == 127) {
            return "loopback";
        }
        if (a == 0) {
            return "unspecified";
        }
        if (a == 10 || a == 172 && b >= 16 && b <= 31 || a == 192 && b == 168) {
            return "private";
        }
        if (a == 169 && b == 254) {
            return "link-local";
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return "shared (cgnat)";
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return "benchmark network";
        }
        return null;
    }

    static String dotted(long ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }
}
