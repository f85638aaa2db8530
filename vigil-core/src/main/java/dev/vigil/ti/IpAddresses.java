package dev.vigil.ti;

/**
 * Allocation-free parsing and formatting of IPv4 and IPv6 literals. Never resolves names: a string
 * that is not a literal is simply rejected, so attacker-controlled hosts never cause DNS traffic.
 *
 * <p>IPv4 addresses are returned as {@code long} values 0..2^32-1 ({@link #INVALID} = -1 when the
 * text is not a dotted quad). IPv6 addresses are 128-bit values split into a high and a low
 * {@code long}; since Java cannot return two longs, {@link #parseV6} writes them to a caller array.
 * Stateless and thread-safe.
 */
public final class IpAddresses {
    /** Returned by {@link #parseV4} when the text is not an IPv4 literal. */
    public static final long INVALID = -1L;

    /** High 64 bits of {@code ::ffff:0:0/96}, the IPv4-mapped range: all zero. */
    private static final long MAPPED_LO_PREFIX = 0x0000_ffff_0000_0000L;

    private IpAddresses() {}

    /** Parses a whole string as a strict dotted quad (no leading zeros beyond "0", four parts). */
    public static long parseV4(CharSequence s) {
        return s == null ? INVALID : parseV4(s, 0, s.length());
    }

    /** Parses {@code s[start, end)} as a dotted quad; {@link #INVALID} when it is not one. */
    public static long parseV4(CharSequence s, int start, int end) {
        if (s == null || start < 0 || end > s.length() || end - start < 7 || end - start > 15) {
            return INVALID;
        }
        long value = 0;
        int parts = 0;
        int i = start;
        while (i < end) {
            int partStart = i;
            int octet = 0;
            while (i < end) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            int digits = i - partStart;
            // Leading zeros are ambiguous (octal in some resolvers), so they are rejected.
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && s.charAt(partStart) == '0')) {
                return INVALID;
            }
            value = (value << 8) | octet;
            parts++;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return INVALID;
            }
            i++;
            if (i == end) {
                return INVALID;
            }
        }
        return parts == 4 ? value : INVALID;
    }

    /** Parses a whole string as IPv6; see {@link #parseV6(CharSequence, int, int, long[])}. */
    public static boolean parseV6(CharSequence s, long[] out) {
        return s != null && parseV6(s, 0, s.length(), out);
    }

    /**
     * Parses {@code s[start, end)} as an IPv6 literal (RFC 4291 text forms: full, {@code ::}
     * compressed, embedded dotted quad in the last 32 bits; an optional {@code %zone} is ignored).
     * On success writes the high and low halves to {@code out[0]} and {@code out[1]}.
     */
    public static boolean parseV6(CharSequence s, int start, int end, long[] out) {
        if (s == null || start < 0 || end > s.length() || end - start < 2 || end - start > 64) {
            return false;
        }
        for (int k = start; k < end; k++) {
            if (s.charAt(k) == '%') {
                end = k;
                break;
            }
        }
        long hi = 0;
        long lo = 0;
        int groups = 0;
        int gapAt = -1;
        int i = start;
        if (end - i >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            gapAt = 0;
            i += 2;
            if (i == end) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        } else if (i < end && s.charAt(i) == ':') {
            return false;
        }
        while (i < end) {
            int groupStart = i;
            int v = 0;
            while (i < end && i - groupStart < 5) {
                int d = hex(s.charAt(i));
                if (d < 0) {
                    break;
                }
                v = (v << 4) | d;
                i++;
            }
            int digits = i - groupStart;
            if (i < end && s.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits.
                if (groups > 6) {
                    return false;
                }
                long v4 = parseV4(s, groupStart, end);
                if (v4 == INVALID) {
                    return false;
                }
                hi = (hi << 32) | (lo >>> 32);
                lo = (lo << 32) | v4;
                groups += 2;
                i = end;
                break;
            }
            if (digits == 0 || digits > 4) {
                return false;
            }
            // Inline shift of one 16-bit group into the 128-bit accumulator.
            hi = (hi << 16) | (lo >>> 48);
            lo = (lo << 16) | v;
            groups++;
            if (groups > 8) {
                return false;
            }
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return false;
                }
                gapAt = groups;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return false;
            }
        }
        if (gapAt < 0) {
            if (groups != 8) {
                return false;
            }
        } else {
            if (groups > 7) {
                return false;
            }
            // Groups after the gap were shifted in at the bottom; move them into place by shifting
            // the groups before the gap up by the number of missing groups.
            int missing = 8 - groups;
            int after = groups - gapAt;
            int tailBits = after * 16;
            long tailHi = tailBits > 64 ? hi & (-1L >>> (128 - tailBits)) : 0;
            long tailLo = tailBits == 0 ? 0 : tailBits >= 64 ? lo : lo & (-1L >>> (64 - tailBits));
            long headHi = shrHi(hi, lo, tailBits);
            long headLo = shrLo(hi, lo, tailBits);
            int up = (after + missing) * 16;
            hi = shlHi(headHi, headLo, up) | tailHi;
            lo = shlLo(headHi, headLo, up) | tailLo;
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** High half of a 128-bit left shift. */
    public static long shlHi(long hi, long lo, int n) {
        if (n == 0) {
            return hi;
        }
        if (n >= 128) {
            return 0;
        }
        return n >= 64 ? lo << (n - 64) : (hi << n) | (lo >>> (64 - n));
    }

    /** Low half of a 128-bit left shift. */
    public static long shlLo(long hi, long lo, int n) {
        return n >= 64 ? 0 : lo << n;
    }

    /** High half of a 128-bit logical right shift. */
    public static long shrHi(long hi, long lo, int n) {
        return n >= 64 ? 0 : hi >>> n;
    }

    /** Low half of a 128-bit logical right shift. */
    public static long shrLo(long hi, long lo, int n) {
        if (n == 0) {
            return lo;
        }
        if (n >= 128) {
            return 0;
        }
        return n >= 64 ? hi >>> (n - 64) : (lo >>> n) | (hi << (64 - n));
    }

    private static int hex(char c) {
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

    /** True when the 128-bit address is in {@code ::ffff:0:0/96} (an IPv4-mapped IPv6 address). */
    public static boolean isV4Mapped(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == MAPPED_LO_PREFIX;
    }

    /** Formats a 32-bit IPv4 value as a dotted quad. */
    public static String formatV4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** Formats an IPv6 address in the RFC 5952 canonical form (lower case, longest zero run as ::). */
    public static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xffff);
            g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int run = k;
            while (run < 8 && g[run] == 0) {
                run++;
            }
            if (run - k > bestLen) {
                bestLen = run - k;
                bestStart = k;
            }
            k = run;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
