package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates one file's indicators, validity counts and problems, up to the entry limit of the
 * options: the entry after the last one allowed throws {@link OverLimit}, which ends the load
 * (the registry turns it into a refusal). Not thread-safe.
 */
final class Collector {
    /** Thrown when a feed holds more entries than its options allow; no loader catches it. */
    static final class OverLimit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverLimit(String message) {
            super(message, null, false, false);
        }
    }

    private long entries;
    private int streamed;
    private final String source;
    private final String format;
    private final LoadOptions options;
    private final String feed;
    private final List<Indicator> indicators = new ArrayList<>();
    private final List<LoadProblem> problems = new ArrayList<>();
    private int expired;
    private int notYetValid;
    private int skipped;
    private int bad;

    Collector(String source, String format, LoadOptions options) {
        this.source = source;
        this.format = format;
        this.options = options;
        this.feed = options.feedFor(source);
    }

    String feed() {
        return feed;
    }

    LoadOptions options() {
        return options;
    }

    /**
     * Builds and keeps an indicator, or records why not. Returns true when the entry was valid
     * (kept, expired or not yet valid).
     */
    boolean add(String where, IndicatorKind kind, String value, String feedName, int confidence,
            Instant validFrom, Instant validUntil, List<String> labels, String description) {
        Indicator ind;
        try {
            ind = new Indicator(kind, value, feedName == null ? feed : feedName, confidence, validFrom,
                    validUntil, labels, description);
        } catch (IllegalArgumentException | NullPointerException e) {
            bad(where, e.getMessage() == null ? e.toString() : e.getMessage());
            return false;
        }
        if (ind.kind() == IndicatorKind.CIDR) {
            String tooBroad = tooBroad(ind.value());
            if (tooBroad != null) {
                bad(where, tooBroad);
                return false;
            }
        }
        if (++entries > options.maxEntries()) {
            throw new OverLimit(String.format(java.util.Locale.ROOT, "more than %,d entries (the limit; set "
                    + "vigil.ti.maxEntries, or give Vigil more memory)", options.maxEntries()));
        }
        if (ind.isExpiredAt(options.now())) {
            expired++;
        } else if (!ind.isActiveAt(options.now())) {
            notYetValid++;
        } else if (options.sink() != null) {
            options.sink().accept(ind);
            streamed++;
        } else {
            indicators.add(ind);
        }
        return true;
    }

    /**
     * The broadest IPv4 network a feed may list: a /8 is already 16 million addresses, and the
     * largest networks on real block lists (Spamhaus DROP) are far smaller.
     */
    static final int MIN_V4_PREFIX = 8;
    /** The broadest IPv6 network a feed may list. */
    static final int MIN_V6_PREFIX = 16;

    /** Why a network is too broad for a feed (0.0.0.0/0 would raise an alert on every request), or null. */
    private static String tooBroad(String cidr) {
        dev.vigil.ti.IpPrefix p = dev.vigil.ti.IpPrefix.parse(cidr);
        if (p == null) {
            return null;
        }
        int broadest = p.v6() ? MIN_V6_PREFIX : MIN_V4_PREFIX;
        if (p.length() >= broadest) {
            return null;
        }
        return (p.length() == 0 ? "network matches every address" : "network broader than /" + broadest)
                + ", refused: " + cidr;
    }

    void bad(String where, String reason) {
        bad++;
        if (problems.size() < options.maxProblems()) {
            problems.add(new LoadProblem(source + ":" + where, reason));
        }
    }

    void skip() {
        skipped++;
    }

    LoadResult result() {
        return new LoadResult(source, format, indicators, expired, notYetValid, skipped, bad, problems, streamed, null);
    }
}
