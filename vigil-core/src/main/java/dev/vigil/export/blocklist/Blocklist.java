package dev.vigil.export.blocklist;

import dev.vigil.alert.Alert;
import dev.vigil.ti.IpAddresses;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The client addresses of alerts, written as a blocklist for a response: a plain list, an nginx
 * {@code deny} include, or an {@code ipset restore} file whose entries expire by themselves.
 *
 * <p>The client address of an alert came from a log line, so it is attacker-controlled: every
 * address is parsed as an IPv4 or IPv6 literal and written back in canonical form from the parsed
 * value, never copied, so nothing but digits, hex, dots and colons reaches a file that nginx or
 * ipset will execute. Anything that does not parse is left out and counted. Loopback, private,
 * link-local, multicast and reserved addresses are left out too unless asked for: a forged
 * {@code X-Forwarded-For} must not make us block our own proxies or networks. Sample and test alerts
 * ({@code vigil simulate}, the TestAlert URL an operator requests on purpose) are never used.
 *
 * <p>Static and thread-safe.
 */
public final class Blocklist {
    private Blocklist() {}

    /** The longest timeout ipset accepts, in seconds. */
    public static final long IPSET_MAX_TIMEOUT = 2_147_483L;

    private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,27}");

    /** The file formats. */
    public enum Format {
        PLAIN, NGINX, IPSET;

        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(s.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown blocklist format '" + s + "' (expected plain, nginx or ipset)");
        }
    }

    /**
     * @param ipv4      canonical IPv4 addresses, sorted numerically
     * @param ipv6      canonical IPv6 addresses (RFC 5952), sorted
     * @param invalid   client addresses that were not IP literals
     * @param nonPublic addresses left out as loopback, private, link-local, multicast or reserved
     */
    public record Addresses(List<String> ipv4, List<String> ipv6, int invalid, int nonPublic) {
        public Addresses {
            ipv4 = List.copyOf(ipv4);
            ipv6 = List.copyOf(ipv6);
        }

        public int size() {
            return ipv4.size() + ipv6.size();
        }
    }

    /** The distinct, valid client addresses of the alerts (entity {@code ip}). */
    public static Addresses of(Collection<Alert> alerts, boolean includeNonPublic) {
        TreeSet<Long> v4 = new TreeSet<>();
        TreeSet<String> v6 = new TreeSet<>((a, b) -> compareV6(a, b));
        int invalid = 0;
        int nonPublic = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        long[] hl = new long[2];
        for (Alert a : alerts) {
            if (a.sample() || a.type().test()) {
                continue;
            }
            String ip = a.entities().get("ip");
            if (ip == null || !seen.add(ip)) {
                continue;
            }
            String s = ip.strip();
            long v = IpAddresses.parseV4(s);
            if (v == IpAddresses.INVALID && s.indexOf(':') >= 0 && s.indexOf('%') < 0 && IpAddresses.parseV6(s, hl)) {
                if (IpAddresses.isV4Mapped(hl[0], hl[1])) {
                    v = hl[1] & 0xffff_ffffL;
                } else if (!includeNonPublic && !publicV6(hl[0])) {
                    nonPublic++;
                    continue;
                } else {
                    v6.add(IpAddresses.formatV6(hl[0], hl[1]));
                    continue;
                }
            }
            if (v == IpAddresses.INVALID) {
                invalid++;
            } else if (!includeNonPublic && !publicV4(v)) {
                nonPublic++;
            } else {
                v4.add(v);
            }
        }
        List<String> four = new ArrayList<>(v4.size());
        v4.forEach(v -> four.add(IpAddresses.formatV4(v)));
        return new Addresses(four, new ArrayList<>(v6), invalid, nonPublic);
    }

    /**
     * Writes the list.
     *
     * @param ttl     how long the entries should stay: an ipset timeout; in the other formats a
     *                comment saying until when (nginx and plain lists have no expiry of their own),
     *                or zero for no expiry
     * @param setName the ipset set name (IPv6 addresses go to {@code NAME-v6}); ignored otherwise
     * @param about   what was selected, for the header comment (written by Vigil, not from input)
     */
    public static void write(Addresses a, Format format, Duration ttl, String setName, Instant now, String about,
                             Appendable out) throws IOException {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the time to live must not be negative");
        }
        String header = "Vigil blocklist: " + a.size() + " client addresses of " + about + ", generated "
                + now.truncatedTo(ChronoUnit.SECONDS)
                + (ttl.isZero() ? "" : ", valid until " + now.plus(ttl).truncatedTo(ChronoUnit.SECONDS));
        List<String> all = new ArrayList<>(a.ipv4());
        all.addAll(a.ipv6());
        switch (format) {
            case PLAIN -> {
                out.append("# ").append(header).append('\n');
                for (String ip : all) {
                    out.append(ip).append('\n');
                }
            }
            case NGINX -> {
                out.append("# ").append(header).append('\n');
                out.append("# include this file in an http, server or location block, then 'nginx -s reload'")
                        .append(ttl.isZero() ? "\n" : "; nginx has no expiry: regenerate it before then\n");
                for (String ip : all) {
                    out.append("deny ").append(ip).append(";\n");
                }
            }
            case IPSET -> {
                checkSetName(setName);
                long seconds = ttl.getSeconds();
                if (seconds > IPSET_MAX_TIMEOUT) {
                    throw new IllegalArgumentException("ipset timeouts end at " + IPSET_MAX_TIMEOUT
                            + " seconds (about 24 days); give a shorter --ttl");
                }
                // No comment lines: ipset restore reads commands only. -exist on the command line
                // ('ipset -exist restore') lets the file be loaded again to refresh the timeouts.
                String timeout = seconds > 0 ? " timeout " + seconds : "";
                out.append("create ").append(setName).append(" hash:ip family inet").append(timeout).append('\n');
                out.append("create ").append(setName).append("-v6 hash:ip family inet6").append(timeout).append('\n');
                for (String ip : a.ipv4()) {
                    out.append("add ").append(setName).append(' ').append(ip).append(timeout).append('\n');
                }
                for (String ip : a.ipv6()) {
                    out.append("add ").append(setName).append("-v6 ").append(ip).append(timeout).append('\n');
                }
            }
            default -> throw new IllegalStateException(format.name());
        }
    }

    /** ipset names are at most 31 characters; ours also gets "-v6" appended. */
    public static void checkSetName(String name) {
        if (name == null || !SET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ipset set name '" + name + "': use 1 to 28 letters, digits, '_', '.' "
                    + "or '-', starting with a letter or digit");
        }
    }

    static boolean publicV4(long v) {
        int a = (int) (v >>> 24);
        int b = (int) ((v >>> 16) & 0xff);
        return !(a == 0 || a == 10 || a == 127 || a >= 224                  // this network, private, loopback, multicast, reserved
                || (a == 100 && b >= 64 && b < 128)                          // shared address space (carrier NAT)
                || (a == 169 && b == 254)                                    // link-local
                || (a == 172 && b >= 16 && b < 32)                           // private
                || (a == 192 && b == 168));                                  // private
    }

    static boolean publicV6(long hi) {
        int top = (int) (hi >>> 48);
        return !(hi == 0                                                     // ::, ::1 and IPv4-compatible
                || (top & 0xfe00) == 0xfc00                                  // unique local fc00::/7
                || (top & 0xffc0) == 0xfe80                                  // link-local fe80::/10
                || (top & 0xff00) == 0xff00);                                // multicast ff00::/8
    }

    private static int compareV6(String a, String b) {
        long[] x = new long[2];
        long[] y = new long[2];
        IpAddresses.parseV6(a, x);
        IpAddresses.parseV6(b, y);
        int c = Long.compareUnsigned(x[0], y[0]);
        return c != 0 ? c : Long.compareUnsigned(x[1], y[1]);
    }

    /** For messages: the format names. */
    public static String formats() {
        return String.join(", ", java.util.Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }
}
