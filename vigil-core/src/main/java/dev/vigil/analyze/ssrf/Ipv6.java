package dev.vigil.analyze.ssrf;

/**
 * IPv6 literals: expands the {@code ::} shorthand and judges loopback, unspecified, link-local,
 * unique-local and metadata addresses, reading IPv4-mapped ({@code ::ffff:7f00:1},
 * {@code ::ffff:127.0.0.1}), -compatible ({@code ::127.0.0.1}) and NAT64 ({@code 64:ff9b::})
 * forms as the IPv4 address they carry.
 *
 * <p>Stateless and thread-safe.
 */
final class Ipv6 {
    private Ipv6() {
    }

    static String judge(String v6) {
        int[] g = parse(v6);
        if (g == null) {
            return null;
        }
        boolean zeroHead = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
        long v4 = ((long) g[6] << 16) | g[7];
        if (zeroHead && g[5] == 0 && g[6] == 0 && g[7] <= 1) {
            return g[7] == 1 ? "loopback [::1]" : "unspecified [::]";
        }
        if (zeroHead && (g[5] == 0xffff || g[5] == 0) || g[0] == 0x64 && g[1] == 0xff9b) {
            String why = Ipv4Forms.internal(v4);
            return why == null ? null : why + " " + Ipv4Forms.dotted(v4) + " in ipv6";
        }
        if ((g[0] & 0xffc0) == 0xfe80) {
            return "link-local ipv6";
        }
        if (g[0] == 0xfd00 && g[1] == 0x0ec2) {
            return "metadata service [fd00:ec2::254]";
        }
        if ((g[0] & 0xfe00) == 0xfc00) {
            return "unique-local ipv6";
        }
        return null;
    }

    /** Eight 16-bit groups, or null when {@code s} is no IPv6 address. */
    static int[] parse(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        int[] out = new int[8];
        String head = s;
        String tail = "";
        int dbl = s.indexOf("::");
        if (dbl >= 0) {
            head = s.substring(0, dbl);
            tail = s.substring(dbl + 2);
            if (tail.contains("::")) {
                return null;
            }
        }
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        if (dbl < 0 ? h.length != 8 : h.length + t.length > 7) {
            return null;
        }
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(t, 0, out, 8 - t.length, t.length);
        return out;
    }

    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] p = s.split(":", -1);
        int extra = p[p.length - 1].indexOf('.') >= 0 ? 1 : 0; // a trailing dotted IPv4 fills two groups
        int[] out = new int[p.length + extra];
        for (int i = 0; i < p.length; i++) {
            String x = p[i];
            if (i == p.length - 1 && extra == 1) {
                long v4 = Ipv4Forms.parse(x);
                if (v4 < 0) {
                    return null;
                }
                out[i] = (int) (v4 >>> 16);
                out[i + 1] = (int) (v4 & 0xffff);
                continue;
            }
            if (x.isEmpty() || x.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < x.length(); k++) {
                int d = Character.digit(x.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v << 4 | d;
            }
            out[i] = v;
        }
        return out;
    }
}
