package dev.vigil.alert.suppress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One address or CIDR network, IPv4 or IPv6 ({@code 203.0.113.7}, {@code 10.0.0.0/8},
 * {@code 2001:db8::/32}). Only literals are accepted: nothing here ever resolves a name.
 *
 * <p>Immutable and thread-safe.
 */
public final class IpRange {
    private final String spec;
    private final byte[] network;
    private final int prefix;

    private IpRange(String spec, byte[] network, int prefix) {
        this.spec = spec;
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses an address or network; throws {@link IllegalArgumentException} naming the spec. */
    public static IpRange parse(String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addr).orElseThrow(() ->
                new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR network"));
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + spec + "': prefix length must be 0 to " + bits);
            }
        }
        return new IpRange(s, mask(bytes, prefix), prefix);
    }

    public boolean contains(String ip) {
        if (ip == null) {
            return false;
        }
        Optional<byte[]> b = literal(ip.trim());
        return b.isPresent() && b.get().length == network.length
                && Arrays.equals(mask(b.get(), prefix), network);
    }

    public String spec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.prefix == prefix && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return spec;
    }

    /** The bytes of an IPv4 or IPv6 literal, or empty for anything else (host names included). */
    static Optional<byte[]> literal(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!ok) {
                return Optional.empty();
            }
        }
        try {
            // Only hex digits, colons and dots: InetAddress parses it as a literal, no lookup.
            byte[] b = InetAddress.getByName(s).getAddress();
            return Optional.of(b);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i == s.length() ? '.' : s.charAt(i);
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return Optional.empty();
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        return part == 4 ? Optional.of(out) : Optional.empty();
    }

    private static byte[] mask(byte[] b, int prefix) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }
}
