package dev.vigil.ti.match;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Longest-prefix matching of IPv4 and IPv6 addresses against indicator addresses and networks,
 * with one PATRICIA trie per family. IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}) are looked
 * up as the IPv4 address they carry. Address text is parsed by hand, never through
 * {@code InetAddress}, so a host name can never trigger a DNS lookup. Immutable once built;
 * lookups are thread-safe and an IPv4 miss allocates nothing.
 */
public final class IpMatcher {
    private final PrefixTrie<List<Indicator>> v4;
    private final PrefixTrie<List<Indicator>> v6;
    private final int prefixes;

    private IpMatcher(PrefixTrie<List<Indicator>> v4, PrefixTrie<List<Indicator>> v6, int prefixes) {
        this.v4 = v4;
        this.v6 = v6;
        this.prefixes = prefixes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of distinct networks and addresses held. */
    public int size() {
        return prefixes;
    }

    /**
     * Indicators of the most specific network covering {@code ip} (an IPv4 or IPv6 literal, with
     * an optional {@code [..]} or zone), or an empty list when none does or the text is no address.
     */
    public List<Indicator> match(CharSequence ip) {
        if (ip == null) {
            return List.of();
        }
        int start = 0;
        int end = ip.length();
        if (end >= 2 && ip.charAt(0) == '[' && ip.charAt(end - 1) == ']') {
            start = 1;
            end--;
        }
        long a = IpAddresses.parseV4(ip, start, end);
        if (a != IpAddresses.INVALID) {
            return matchV4(a);
        }
        long[] out = new long[2];
        if (!IpAddresses.parseV6(ip, start, end, out)) {
            return List.of();
        }
        return matchV6(out[0], out[1]);
    }

    /** Longest-prefix match of a 32-bit IPv4 address. */
    public List<Indicator> matchV4(long address) {
        List<Indicator> r = v4.longest(address << 32, 0);
        return r == null ? List.of() : r;
    }

    /** Longest-prefix match of a 128-bit IPv6 address; mapped IPv4 goes to the IPv4 trie. */
    public List<Indicator> matchV6(long hi, long lo) {
        if (IpAddresses.isV4Mapped(hi, lo)) {
            return matchV4(lo & 0xffff_ffffL);
        }
        List<Indicator> r = v6.longest(hi, lo);
        return r == null ? List.of() : r;
    }

    /** Indicators of every network covering {@code ip}, least specific first. */
    public List<Indicator> matchAll(CharSequence ip) {
        IpPrefix p = IpPrefix.parse(ip);
        if (p == null || !p.isHost()) {
            return List.of();
        }
        List<List<Indicator>> lists = p.v6() ? v6.covering(p.hi(), p.lo()) : v4.covering(p.lo() << 32, 0);
        List<Indicator> out = new ArrayList<>();
        lists.forEach(out::addAll);
        return out;
    }

    /** Collects indicators, then builds the tries once. Not thread-safe. */
    public static final class Builder {
        private final Map<IpPrefix, List<Indicator>> byPrefix = new HashMap<>();

        private Builder() {}

        /** Adds an IPV4, IPV6 or CIDR indicator; other kinds are ignored (returns false). */
        public boolean add(Indicator indicator) {
            if (!indicator.kind().isNetwork()) {
                return false;
            }
            IpPrefix p = IpPrefix.parse(indicator.value());
            if (p == null) {
                return false;
            }
            byPrefix.computeIfAbsent(p, k -> new ArrayList<>(1)).add(indicator);
            return true;
        }

        public IpMatcher build() {
            PrefixTrie<List<Indicator>> t4 = new PrefixTrie<>(32);
            PrefixTrie<List<Indicator>> t6 = new PrefixTrie<>(128);
            for (Map.Entry<IpPrefix, List<Indicator>> e : byPrefix.entrySet()) {
                IpPrefix p = e.getKey();
                List<Indicator> list = List.copyOf(e.getValue());
                if (p.v6()) {
                    t6.insert(p.hi(), p.lo(), p.length(), list);
                } else {
                    t4.insert(p.lo() << 32, 0, p.length(), list);
                }
            }
            t4.trim();
            t6.trim();
            if (t4.nodeCount() > 4096) {
                t4.compressTopLevel();
            }
            return new IpMatcher(t4, t6, byPrefix.size());
        }
    }
}
