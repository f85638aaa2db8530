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
public final class DomainMatcher {
    private static final class Entry {
        final List<Indicator> suffix;
        final List<Indicator> all;

        Entry(List<Indicator> suffix, List<Indicator> exact) {
            this.suffix = List.copyOf(suffix);
            List<Indicator> a = new ArrayList<>(exact);
            a.addAll(suffix);
            this.all = List.copyOf(a);
        }
    }

    private final StringTable<Entry> table;
    private final int size;

    private DomainMatcher(StringTable<Entry> table, int size) {
        this.table = table;
        this.size = size;
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
        List<Indicator> best = List.of();
        int h = 0;
        for (int i = end - 1; i >= 0; i--) {
            char c = Hosts.lower(host.charAt(i));
            if (c == '.') {
                Entry e = table.get(host, i + 1, end, h);
                if (e != null && !e.suffix.isEmpty()) {
                    best = e.suffix;
                }
            }
            h = h * 31 + c;
        }
        Entry e = table.get(host, 0, end, h);
        return e != null ? e.all : best;
    }

    /** Collects indicators, then builds the table once. Not thread-safe. */
    public static final class Builder {
        private final Map<String, List<Indicator>> suffix = new HashMap<>();
        private final Map<String, List<Indicator>> exact = new HashMap<>();

        private Builder() {}

        /** Adds a DOMAIN or HOSTNAME indicator; other kinds are ignored (returns false). */
        public boolean add(Indicator indicator) {
            Map<String, List<Indicator>> target;
            if (indicator.kind() == IndicatorKind.DOMAIN) {
                target = suffix;
            } else if (indicator.kind() == IndicatorKind.HOSTNAME) {
                target = exact;
            } else {
                return false;
            }
            target.computeIfAbsent(indicator.value(), k -> new ArrayList<>(1)).add(indicator);
            return true;
        }

        public DomainMatcher build() {
            Map<String, Entry> entries = new HashMap<>();
            for (Map.Entry<String, List<Indicator>> e : suffix.entrySet()) {
                entries.put(e.getKey(), new Entry(e.getValue(), exact.getOrDefault(e.getKey(), List.of())));
            }
            for (Map.Entry<String, List<Indicator>> e : exact.entrySet()) {
                entries.putIfAbsent(e.getKey(), new Entry(List.of(), e.getValue()));
            }
            return new DomainMatcher(new StringTable<>(entries), entries.size());
        }
    }
}
