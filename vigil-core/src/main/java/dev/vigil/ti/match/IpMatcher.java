package dev.vigil.ti.match;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Longest-prefix matching of IPv4 and IPv6 addresses against indicator addresses and networks,
 * with one PATRICIA trie per family. IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}) are looked
 * up as the IPv4 address they carry. Address text is parsed by hand, never through
 * {@code InetAddress}, so a host name can never trigger a DNS lookup. Immutable once built;
 * lookups are thread-safe and an IPv4 miss allocates nothing.
 */
public final class IpMatcher {
    /**
     * Each stored prefix holds its one {@link Indicator}, or a {@code List<Indicator>} when several
     * feeds list it: a list per prefix would cost a million-entry feed tens of megabytes more.
     */
    private final PrefixTrie<Object> v4;
    private final PrefixTrie<Object> v6;
    private final int prefixes;

    private IpMatcher(PrefixTrie<Object> v4, PrefixTrie<Object> v6, int prefixes) {
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
        return list(v4.longest(address << 32, 0));
    }

    @SuppressWarnings("unchecked")
    private static List<Indicator> list(Object v) {
        if (v == null) {
            return List.of();
        }
        return v instanceof Indicator i ? List.of(i) : (List<Indicator>) v;
    }

    /** Longest-prefix match of a 128-bit IPv6 address; mapped IPv4 goes to the IPv4 trie. */
    public List<Indicator> matchV6(long hi, long lo) {
        if (IpAddresses.isV4Mapped(hi, lo)) {
            return matchV4(lo & 0xffff_ffffL);
        }
        return list(v6.longest(hi, lo));
    }

    /** Indicators of every network covering {@code ip}, least specific first. */
    public List<Indicator> matchAll(CharSequence ip) {
        IpPrefix p = IpPrefix.parse(ip);
        if (p == null || !p.isHost()) {
            return List.of();
        }
        List<Object> lists = p.v6() ? v6.covering(p.hi(), p.lo()) : v4.covering(p.lo() << 32, 0);
        List<Indicator> out = new ArrayList<>();
        lists.forEach(v -> out.addAll(list(v)));
        return out;
    }

    /**
     * Inserts indicators into the tries as they come (no intermediate map: memory is the tries and
     * the indicators), then finishes the tries once. Not thread-safe.
     */
    public static final class Builder {
        private final PrefixTrie<Object> t4 = new PrefixTrie<>(32);
        private final PrefixTrie<Object> t6 = new PrefixTrie<>(128);
        private int prefixes;

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
            boolean fresh = p.v6() ? t6.insert(p.hi(), p.lo(), p.length(), indicator, Builder::merge)
                    : t4.insert(p.lo() << 32, 0, p.length(), indicator, Builder::merge);
            if (fresh) {
                prefixes++;
            }
            return true;
        }

        /** At most this many indicators per prefix: more say nothing new, and a list that grows costs quadratic time. */
        static final int MAX_PER_PREFIX = 16;

        /**
         * Several indicators for one prefix (several feeds list it): each distinct one, in the
         * order added, up to {@link #MAX_PER_PREFIX}; a repeated entry is dropped.
         */
        private static Object merge(Object old, Object now) {
            List<Indicator> have = list(old);
            Indicator add = (Indicator) now;
            if (have.size() >= MAX_PER_PREFIX || have.contains(add)) {
                return old;
            }
            List<Indicator> out = new ArrayList<>(have.size() + 1);
            out.addAll(have);
            out.add(add);
            return List.copyOf(out);
        }

        public IpMatcher build() {
            t4.trim();
            t6.trim();
            if (t4.nodeCount() > 4096) {
                t4.compressTopLevel();
            }
            return new IpMatcher(t4, t6, prefixes);
        }
    }
}
