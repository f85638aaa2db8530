package dev.vigil.ti.match;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
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
final class IpMatcher {
    /**
     * Each stored prefix holds a {@link Plain} shared by every entry of a feed that carries nothing
     * but the value (most block lists), its one {@link Indicator} otherwise, or a
     * {@code List<Indicator>} when several feeds list it. The prefix itself is the trie's key, and
     * an indicator for a {@link Plain} entry is rebuilt from it on a match: a million-entry list
     * costs the trie and no object per entry.
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
        return ref(v4, v4.longestRef(address << 32, 0), false, address << 32, 0);
    }

    private List<Indicator> ref(PrefixTrie<Object> trie, long ref, boolean v6, long hi, long lo) {
        if (ref < 0) {
            return List.of();
        }
        Object v = trie.value((int) (ref >>> 8));
        int length = (int) (ref & 0xff);
        return list(v, () -> v6 ? new IpPrefix(true, hi, lo, length) : new IpPrefix(false, 0, hi >>> 32, length));
    }

    @SuppressWarnings("unchecked")
    private static List<Indicator> list(Object v, java.util.function.Supplier<IpPrefix> prefix) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof Plain p) {
            return List.of(p.indicator(prefix.get()));
        }
        return v instanceof Indicator i ? List.of(i) : (List<Indicator>) v;
    }

    /**
     * What the entries of one feed share when they carry nothing but their value: the indicator
     * is rebuilt from it and the prefix on a match.
     */
    record Plain(IndicatorKind kind, String feed, int confidence) {
        static Plain of(Indicator i) {
            return i.validFrom() == null && i.validUntil() == null && i.labels().isEmpty() && i.description().isEmpty()
                    ? new Plain(i.kind(), i.feed(), i.confidence()) : null;
        }

        Indicator indicator(IpPrefix p) {
            return new Indicator(kind, kind == IndicatorKind.CIDR ? p.cidrText() : p.text(), feed, confidence, null,
                    null, List.of(), "");
        }
    }

    /** Longest-prefix match of a 128-bit IPv6 address; mapped IPv4 goes to the IPv4 trie. */
    public List<Indicator> matchV6(long hi, long lo) {
        if (IpAddresses.isV4Mapped(hi, lo)) {
            return matchV4(lo & 0xffff_ffffL);
        }
        return ref(v6, v6.longestRef(hi, lo), true, hi, lo);
    }

    /** Indicators of every network covering {@code ip}, least specific first. */
    public List<Indicator> matchAll(CharSequence ip) {
        IpPrefix p = IpPrefix.parse(ip);
        if (p == null || !p.isHost()) {
            return List.of();
        }
        PrefixTrie<Object> trie = p.v6() ? v6 : v4;
        long hi = p.v6() ? p.hi() : p.lo() << 32;
        long lo = p.v6() ? p.lo() : 0;
        List<Indicator> out = new ArrayList<>();
        for (long r : trie.coveringRefs(hi, lo)) {
            out.addAll(ref(trie, r, p.v6(), hi, lo));
        }
        return out;
    }

    /**
     * Inserts indicators into the tries as they come (no intermediate map: memory is the tries and
     * the indicators), then finishes the tries once. Not thread-safe.
     */
    public static final class Builder {
        private final PrefixTrie<Object> t4 = new PrefixTrie<>(32);
        private final PrefixTrie<Object> t6 = new PrefixTrie<>(128);
        private final java.util.Map<Plain, Plain> plains = new java.util.HashMap<>();
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
            Plain plain = Plain.of(indicator);
            Object v = indicator;
            if (plain != null) {
                Plain shared = plains.putIfAbsent(plain, plain);
                v = shared != null ? shared : plain;
            }
            java.util.function.BinaryOperator<Object> merge = (old, now) -> merge(p, old, now);
            boolean fresh = p.v6() ? t6.insert(p.hi(), p.lo(), p.length(), v, merge)
                    : t4.insert(p.lo() << 32, 0, p.length(), v, merge);
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
        private static Object merge(IpPrefix p, Object old, Object now) {
            if (old.equals(now)) {
                return old; // the same plain entry again
            }
            List<Indicator> have = list(old, () -> p);
            Indicator add = list(now, () -> p).get(0);
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
