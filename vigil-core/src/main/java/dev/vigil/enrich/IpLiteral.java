package dev.vigil.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An alert's client address as an {@link InetAddress}, never through a DNS look-up. Static, thread-safe. */
final class IpLiteral {
    private IpLiteral() {}

    /**
     * The address {@code ip} writes, or null when it is not an IPv4 or IPv6 literal: the JDK would
     * resolve anything else as a host name, and an entity from a log must never reach DNS that way.
     */
    static InetAddress parse(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45) {
            return null;
        }
        boolean v6 = ip.indexOf(':') >= 0;
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            boolean ok = c == '.' || (c >= '0' && c <= '9') || (v6 && (c == ':' || Character.digit(c, 16) >= 0));
            if (!ok) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
