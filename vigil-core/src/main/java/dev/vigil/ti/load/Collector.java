package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Accumulates one file's indicators, validity counts and problems. Not thread-safe. */
final class Collector {
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
        if (ind.isExpiredAt(options.now())) {
            expired++;
        } else if (!ind.isActiveAt(options.now())) {
            notYetValid++;
        } else {
            indicators.add(ind);
        }
        return true;
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
        return new LoadResult(source, format, indicators, expired, notYetValid, skipped, bad, problems);
    }
}
