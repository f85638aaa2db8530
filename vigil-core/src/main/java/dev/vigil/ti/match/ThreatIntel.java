package dev.vigil.ti.match;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IpAddresses;
import dev.vigil.ti.extract.Observable;
import dev.vigil.ti.load.LoadResult;
import java.util.Collection;
import java.util.List;

/**
 * An immutable snapshot of all loaded threat intelligence: built once from indicators (typically
 * from {@link LoadResult}s), then shared by any number of detector threads. Every lookup returns
 * the matching indicators, or an empty list on a miss; IP, domain and hash misses allocate nothing.
 * Thread-safe.
 */
public final class ThreatIntel {
    /** Counts describing a snapshot. */
    public record Stats(int indicators, int networks, int domains, int urls, int hashes, int expired,
            int notYetValid, int skipped, int bad) {}

    private static final ThreatIntel EMPTY = builder().build();

    private final IpMatcher ips;
    private final DomainMatcher domains;
    private final UrlMatcher urls;
    private final HashMatcher hashes;
    private final Stats stats;

    private ThreatIntel(Builder b) {
        this.ips = b.ips.build();
        this.domains = b.domains.build();
        this.urls = b.urls.build();
        this.hashes = b.hashes.build();
        this.stats = new Stats(b.count, ips.size(), domains.size(), urls.size(), hashes.size(), b.expired,
                b.notYetValid, b.skipped, b.bad);
    }

    public static ThreatIntel empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Stats stats() {
        return stats;
    }

    /** True when no indicator at all was loaded (detectors can skip their work). */
    public boolean isEmpty() {
        return stats.indicators() == 0;
    }

    /** Indicators of the most specific network or address covering {@code ip}. */
    public List<Indicator> matchIp(CharSequence ip) {
        return ips.match(ip);
    }

    /** Indicators for the most specific listed domain equal to or above {@code host}. */
    public List<Indicator> matchDomain(CharSequence host) {
        return domains.match(host);
    }

    /** A host as found in a URL or Host header: IP literal (IPv6 possibly bracketed) or name. */
    public List<Indicator> matchHost(CharSequence host) {
        if (host == null || host.length() == 0) {
            return List.of();
        }
        char first = host.charAt(0);
        if (first == '[' || (first >= '0' && first <= '9') || indexOf(host, ':') >= 0) {
            List<Indicator> r = ips.match(host);
            if (!r.isEmpty() || first == '[' || IpAddresses.parseV4(host) != IpAddresses.INVALID) {
                return r;
            }
        }
        return domains.match(host);
    }

    /** The exact URL if listed, otherwise its host ({@link #matchHost}). */
    public List<Indicator> matchUrl(CharSequence url) {
        List<Indicator> r = urls.match(url);
        if (!r.isEmpty() || url == null) {
            return r;
        }
        long span = UrlMatcher.hostSpan(url);
        if (span < 0) {
            return List.of();
        }
        CharSequence host = url.subSequence((int) (span >>> 32), (int) span);
        return matchHost(host);
    }

    /** Indicators listing this MD5, SHA-1 or SHA-256 (hex, any case). */
    public List<Indicator> matchHash(CharSequence hex) {
        return hashes.match(hex);
    }

    /** Matches an extracted observable by its kind. */
    public List<Indicator> match(Observable o) {
        switch (o.kind()) {
            case URL: {
                List<Indicator> r = urls.match(o.value());
                return r.isEmpty() ? matchHost(o.host()) : r;
            }
            case IP:
                return ips.match(o.value());
            default:
                return domains.match(o.value());
        }
    }

    private static int indexOf(CharSequence s, char c) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Collects indicators and load counts. Not thread-safe; {@link #build} may be called once. */
    public static final class Builder {
        private final IpMatcher.Builder ips = IpMatcher.builder();
        private final DomainMatcher.Builder domains = DomainMatcher.builder();
        private final UrlMatcher.Builder urls = UrlMatcher.builder();
        private final HashMatcher.Builder hashes = HashMatcher.builder();
        private int count;
        private int expired;
        private int notYetValid;
        private int skipped;
        private int bad;

        private Builder() {}

        public Builder add(Indicator i) {
            boolean added = ips.add(i) || domains.add(i) || urls.add(i) || hashes.add(i);
            if (added) {
                count++;
            }
            return this;
        }

        public Builder addAll(Collection<Indicator> indicators) {
            indicators.forEach(this::add);
            return this;
        }

        /** Adds a file's active indicators and its counts. */
        public Builder addAll(LoadResult r) {
            addAll(r.indicators()); // streamed ones were added through add() as they were read
            expired += r.expired();
            notYetValid += r.notYetValid();
            skipped += r.skipped();
            bad += r.bad();
            return this;
        }

        public ThreatIntel build() {
            return new ThreatIntel(this);
        }
    }

    @Override
    public String toString() {
        return "ThreatIntel" + stats;
    }

}
