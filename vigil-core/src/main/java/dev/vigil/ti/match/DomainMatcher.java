package dev.vigil.ti.match;

import dev.vigil.ti.Hosts;
import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches host names against domain indicators by whole labels: {@code evil.com} matches
 * {@code evil.com} and {@code a.b.evil.com} but not {@code notevil.com}; a
 * {@link IndicatorKind#HOSTNAME} indicator matches only that exact host. The most specific listed
 * name wins. One backward pass hashes every label suffix, so a lookup costs one table probe per
 * label and allocates nothing for ASCII input (non-ASCII hosts are converted to punycode first).
 * Immutable once built; thread-safe.
 */
final class DomainMatcher {
    /**
     * Several indicators for one name. A name listed once holds its {@link Indicator} alone
     * instead: a holder per name would cost a million-entry feed tens of megabytes more.
     */
    private static final class Entry {
        final List<Indicator> suffix;
        final List<Indicator> all;

        Entry(List<Indicator> suffix, List<Indicator> all) {
            this.suffix = suffix;
            this.all = all;
        }
    }

    /** Values are a {@link Plain}, an {@link Indicator} or an {@link Entry}. */
    private final StringTable<Object> table;
    private final int size;

    private DomainMatcher(StringTable<Object> table, int size) {
        this.table = table;
        this.size = size;
    }

    /** Whether a value matches the names below it (a DOMAIN indicator is among them). */
    private static boolean hasSuffix(Object v) {
        if (v instanceof Plain p) {
            return p.kind() == IndicatorKind.DOMAIN;
        }
        return v instanceof Indicator i ? i.kind() == IndicatorKind.DOMAIN : !((Entry) v).suffix.isEmpty();
    }

    private static List<Indicator> suffix(Object v, String name) {
        if (v instanceof Plain p) {
            return List.of(p.indicator(name));
        }
        return v instanceof Indicator i ? List.of(i) : ((Entry) v).suffix;
    }

    private static List<Indicator> all(Object v, String name) {
        if (v instanceof Plain p) {
            return List.of(p.indicator(name));
        }
        return v instanceof Indicator i ? List.of(i) : ((Entry) v).all;
    }

    /** The listed name a match found: the matched part of the host, in lower case as names are stored. */
    private static String name(CharSequence host, int from, int to) {
        return host.subSequence(from, to).toString().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What the entries of one feed share when they carry nothing but their name (most domain
     * lists): the indicator is rebuilt from it and the name on a match, so a listed name costs its
     * string and a table slot, not an object of its own.
     */
    record Plain(IndicatorKind kind, String feed, int confidence) {
        static Plain of(Indicator i) {
            return i.validFrom() == null && i.validUntil() == null && i.labels().isEmpty() && i.description().isEmpty()
                    ? new Plain(i.kind(), i.feed(), i.confidence()) : null;
        }

        Indicator indicator(String name) {
            return new Indicator(kind, name, feed, confidence, null, null, List.of(), "");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of distinct names held. */
    public int size() {
        return size;
    }

    /** Indicators for the most specific listed name equal to or a parent domain of {@code host}. */
    public List<Indicator> match(CharSequence host) {
        if (host == null) {
            return List.of();
        }
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0 || end > 4 * Hosts.MAX_NAME) {
            return List.of();
        }
        if (!Hosts.isAscii(host)) {
            String n = Hosts.normalizeDomain(host);
            return n == null ? List.of() : match(n);
        }
        Object best = null;
        int bestFrom = 0;
        int h = 0;
        for (int i = end - 1; i >= 0; i--) {
            char c = Hosts.lower(host.charAt(i));
            if (c == '.') {
                Object v = table.get(host, i + 1, end, h);
                if (v != null && hasSuffix(v)) {
                    best = v;
                    bestFrom = i + 1;
                }
            }
            h = h * 31 + c;
        }
        Object v = table.get(host, 0, end, h);
        return v != null ? all(v, name(host, 0, end)) : best != null ? suffix(best, name(host, bestFrom, end)) : List.of();
    }

    /** Collects indicators, then builds the table once. Not thread-safe. */
    public static final class Builder {
        /** At most this many indicators per name: more say nothing new. */
        static final int MAX_PER_NAME = 16;

        /** An {@link Indicator}, or a list of them when a name is listed more than once. */
        private final Map<String, Object> byName = new HashMap<>();
        private final Map<Plain, Plain> plains = new HashMap<>();

        private Builder() {}

        /** Adds a DOMAIN or HOSTNAME indicator; other kinds are ignored (returns false). */
        public boolean add(Indicator indicator) {
            if (indicator.kind() != IndicatorKind.DOMAIN && indicator.kind() != IndicatorKind.HOSTNAME) {
                return false;
            }
            Plain plain = Plain.of(indicator);
            Object v = indicator;
            if (plain != null) {
                Plain shared = plains.putIfAbsent(plain, plain);
                v = shared != null ? shared : plain;
            }
            String name = indicator.value();
            byName.merge(name, v, (old, now) -> merge(name, old, now));
            return true;
        }

        @SuppressWarnings("unchecked")
        private static Object merge(String name, Object old, Object now) {
            if (old.equals(now)) {
                return old; // the same plain entry again
            }
            List<Indicator> have = old instanceof List<?> l ? (List<Indicator>) l : all(old, name);
            Indicator add = all(now, name).get(0);
            if (have.size() >= MAX_PER_NAME || have.contains(add)) {
                return old;
            }
            List<Indicator> out = new ArrayList<>(have);
            out.add(add);
            return out;
        }

        @SuppressWarnings("unchecked")
        public DomainMatcher build() {
            for (Map.Entry<String, Object> e : byName.entrySet()) {
                if (e.getValue() instanceof List<?> l) {
                    List<Indicator> list = (List<Indicator>) l;
                    List<Indicator> suffix = list.stream().filter(i -> i.kind() == IndicatorKind.DOMAIN).toList();
                    List<Indicator> all = new ArrayList<>(list.stream().filter(i -> i.kind() != IndicatorKind.DOMAIN)
                            .toList());
                    all.addAll(suffix); // exact names first, then the domains, as before
                    e.setValue(new Entry(suffix, List.copyOf(all)));
                }
            }
            return new DomainMatcher(new StringTable<>(byName), byName.size());
        }
    }
}
