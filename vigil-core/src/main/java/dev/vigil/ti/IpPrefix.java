package dev.vigil.ti;

/**
 * An IPv4 or IPv6 network: address with host bits cleared plus prefix length. An IPv4 value sits in
 * the low 32 bits of {@code lo}; IPv4-mapped IPv6 input ({@code ::ffff:a.b.c.d/len >= 96}) is
 * turned into the IPv4 prefix it denotes, so one address never has two spellings. Immutable.
 *
 * @param v6 true for IPv6
 * @param hi high 64 bits (IPv6 only; 0 for IPv4)
 * @param lo low 64 bits (IPv4: the 32-bit address)
 * @param length prefix length, 0..32 or 0..128
 */
public record IpPrefix(boolean v6, long hi, long lo, int length) {
    public IpPrefix {
        int max = v6 ? 128 : 32;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max);
        }
        if (!v6 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 value wider than 32 bits");
        }
        if (v6) {
            long maskHi = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
            long maskLo = length <= 64 ? 0 : -1L << (128 - length);
            hi &= maskHi;
            lo &= maskLo;
        } else {
            lo &= length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
        }
    }

    /** Parses {@code addr} or {@code addr/len}; {@code null} when invalid. Never resolves names. */
    public static IpPrefix parse(CharSequence text) {
        if (text == null) {
            return null;
        }
        String s = text.toString().strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int len = -1;
        if (slash >= 0) {
            String l = s.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            len = Integer.parseInt(l);
        }
        long v4 = IpAddresses.parseV4(addr);
        if (v4 != IpAddresses.INVALID) {
            if (len > 32) {
                return null;
            }
            return new IpPrefix(false, 0, v4, len < 0 ? 32 : len);
        }
        long[] a = new long[2];
        if (!IpAddresses.parseV6(addr, a) || len > 128) {
            return null;
        }
        if (len < 0) {
            len = 128;
        }
        if (len >= 96 && IpAddresses.isV4Mapped(a[0], a[1])) {
            return new IpPrefix(false, 0, a[1] & 0xffff_ffffL, len - 96);
        }
        return new IpPrefix(true, a[0], a[1], len);
    }

    /** True when this prefix is a single address (/32 or /128). */
    public boolean isHost() {
        return length == (v6 ? 128 : 32);
    }

    /** Canonical text: the address alone for a single host, else {@code address/length}. */
    public String text() {
        String a = v6 ? IpAddresses.formatV6(hi, lo) : IpAddresses.formatV4(lo);
        return isHost() ? a : a + "/" + length;
    }

    /** Always {@code address/length}, even for a single host. */
    public String cidrText() {
        return (v6 ? IpAddresses.formatV6(hi, lo) : IpAddresses.formatV4(lo)) + "/" + length;
    }
}
