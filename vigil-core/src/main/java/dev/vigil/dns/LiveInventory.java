package dev.vigil.dns;

import dev.vigil.event.DnsQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The app host names and addresses that exist today: one per line, as an operator exports them
 * from the cloud ({@code az webapp list --query "[].defaultHostName"}, {@code aws s3 ls}...).
 * Blank lines and {@code #} comments are ignored; a URL counts as its host
 * ({@code https://myapp.azurewebsites.net/} is {@code myapp.azurewebsites.net}); names are
 * case-insensitive and a trailing dot is ignored. Entries that look like IPv4 or IPv6 addresses
 * are kept apart, for A and AAAA records.
 *
 * <p>Immutable and thread-safe.
 */
public final class LiveInventory {
    private final Set<String> hosts;
    private final Set<String> addresses;

    private LiveInventory(Set<String> hosts, Set<String> addresses) {
        this.hosts = Set.copyOf(hosts);
        this.addresses = Set.copyOf(addresses);
    }

    public static LiveInventory parse(String text) {
        Set<String> hosts = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String raw : text.split("\n", -1)) {
            String s = raw.strip();
            int hash = s.indexOf('#');
            if (hash >= 0) {
                s = s.substring(0, hash).strip();
            }
            if (s.isEmpty()) {
                continue;
            }
            int scheme = s.indexOf("://");
            if (scheme >= 0) {
                s = s.substring(scheme + 3);
                int slash = s.indexOf('/');
                s = slash >= 0 ? s.substring(0, slash) : s;
                int colon = s.lastIndexOf(':');
                if (colon > 0 && s.indexOf(':') == colon) {
                    s = s.substring(0, colon); // a port
                }
            }
            if (isAddress(s)) {
                addresses.add(s.toLowerCase(Locale.ROOT));
            } else {
                String n = DnsQuery.normalizeName(s);
                if (!n.isEmpty()) {
                    hosts.add(n);
                }
            }
        }
        return new LiveInventory(hosts, addresses);
    }

    public static LiveInventory of(List<String> entries) {
        return parse(String.join("\n", entries));
    }

    public boolean hasHost(String name) {
        return hosts.contains(DnsQuery.normalizeName(name));
    }

    public boolean hasAddress(String address) {
        return addresses.contains(address.strip().toLowerCase(Locale.ROOT));
    }

    public int hostCount() {
        return hosts.size();
    }

    public int addressCount() {
        return addresses.size();
    }

    static boolean isAddress(String s) {
        if (s.indexOf(':') >= 0) {
            return true; // names have no colons once ports are gone
        }
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
