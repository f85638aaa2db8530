package dev.vigil.ti.match;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import dev.vigil.ti.Urls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact matching of canonical URLs ({@link Urls#canonicalize}). The URL's host is first probed in a
 * table of hosts that have listed URLs, so the common miss costs one allocation-free probe and
 * only candidate URLs are canonicalised. Falling back to the host's own domain or IP indicators is
 * {@code ThreatIntel}'s job. Immutable once built; thread-safe.
 */
final class UrlMatcher {
    private final StringTable<List<Indicator>> urls;
    private final StringTable<Boolean> hosts;
    private final int size;

    private UrlMatcher(StringTable<List<Indicator>> urls, StringTable<Boolean> hosts, int size) {
        this.urls = urls;
        this.hosts = hosts;
        this.size = size;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return size;
    }

    /** Indicators listing exactly this URL (after canonicalisation), or an empty list. */
    public List<Indicator> match(CharSequence url) {
        if (url == null || size == 0) {
            return List.of();
        }
        long span = hostSpan(url);
        if (span < 0) {
            return List.of();
        }
        int hs = (int) (span >>> 32);
        int he = (int) span;
        boolean plain = url.charAt(hs) != '[';
        for (int i = hs; i < he && plain; i++) {
            plain = url.charAt(i) < 0x80;
        }
        // IDN and IPv6 hosts have other canonical spellings, so only plain hosts are pre-filtered.
        if (plain && hosts.get(url, hs, he, StringTable.hash(url, hs, he)) == null) {
            return List.of();
        }
        String canonical = Urls.canonicalize(url);
        if (canonical == null) {
            return List.of();
        }
        List<Indicator> r = urls.get(canonical);
        return r == null ? List.of() : r;
    }

    /**
     * Start and end of the host in a raw URL packed as {@code start << 32 | end} (IPv6 brackets
     * included), or -1. Mirrors {@link Urls#canonicalize}: no scheme means {@code http://}.
     */
    static long hostSpan(CharSequence url) {
        int n = url.length();
        int start = 0;
        for (int i = 0; i + 2 < n && i < 40; i++) {
            char c = url.charAt(i);
            if (c == ':' && url.charAt(i + 1) == '/' && url.charAt(i + 2) == '/') {
                start = i + 3;
                break;
            }
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
        }
        int authEnd = start;
        int at = -1;
        while (authEnd < n) {
            char c = url.charAt(authEnd);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            if (c == '@') {
                at = authEnd;
            }
            authEnd++;
        }
        int hs = at >= 0 ? at + 1 : start;
        int he = hs;
        if (he < authEnd && url.charAt(he) == '[') {
            while (he < authEnd && url.charAt(he) != ']') {
                he++;
            }
            he = Math.min(he + 1, authEnd);
        } else {
            while (he < authEnd && url.charAt(he) != ':') {
                he++;
            }
        }
        while (he > hs && url.charAt(he - 1) == '.') {
            he--;
        }
        return he > hs ? ((long) hs << 32) | he : -1;
    }

    /** Collects URL indicators, then builds the tables once. Not thread-safe. */
    public static final class Builder {
        private final Map<String, List<Indicator>> byUrl = new HashMap<>();

        private Builder() {}

        /** Adds a URL indicator; other kinds are ignored (returns false). */
        public boolean add(Indicator indicator) {
            if (indicator.kind() != IndicatorKind.URL) {
                return false;
            }
            byUrl.computeIfAbsent(indicator.value(), k -> new ArrayList<>(1)).add(indicator);
            return true;
        }

        public UrlMatcher build() {
            Map<String, List<Indicator>> frozen = new HashMap<>();
            Map<String, Boolean> hostSet = new HashMap<>();
            byUrl.forEach((k, v) -> {
                frozen.put(k, List.copyOf(v));
                long span = hostSpan(k);
                if (span >= 0) {
                    hostSet.put(k.substring((int) (span >>> 32), (int) span), Boolean.TRUE);
                }
            });
            return new UrlMatcher(new StringTable<>(frozen, false), new StringTable<>(hostSet), frozen.size());
        }
    }
}
