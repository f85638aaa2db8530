package dev.vigil.cli;

import dev.vigil.text.TerminalText;
import dev.vigil.ti.load.IndicatorLoaders;
import dev.vigil.ti.load.LoadOptions;
import dev.vigil.ti.load.LoadProblem;
import dev.vigil.ti.load.LoadResult;
import dev.vigil.ti.match.FeedSet;
import dev.vigil.ti.match.ThreatIntel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Loads threat-intel feed files into one snapshot, reporting each file's counts and first problems,
 * and the reason for each feed refused (not a feed, over a limit).
 */
final class ThreatIntelFeeds {
    private ThreatIntelFeeds() {}

    private static final int SHOWN_PROBLEMS = 5;

    /** Checks a feed as {@code vigil ti load} does: reads and counts it, keeping no indicator. */
    static LoadResult check(Path file) {
        return IndicatorLoaders.standard().load(file, LoadOptions.at(Instant.now()).withSink(i -> { }));
    }

    /** The snapshot of the feeds that were accepted, and how many were refused. */
    record Loaded(ThreatIntel intel, int refused) {}

    /**
     * Loads every file into one snapshot; null intel when there are no files. Indicators go
     * straight into the snapshot as they are read. The entry limit applies to all feeds together,
     * so several feeds cannot hold more than one may. A feed refused after some of its indicators
     * went in (over a limit, mostly bad entries) is left out and the others are read again.
     * Reports to {@code err} unless quiet (problems and refusals always).
     */
    static Loaded load(List<Path> files, PrintStream err, boolean quiet) {
        if (files.isEmpty()) {
            return new Loaded(null, 0);
        }
        long t0 = System.nanoTime();
        FeedSet.Loaded l = FeedSet.load(files, Instant.now(), r -> report(r, err, quiet));
        if (!quiet) {
            err.printf(Locale.ROOT, "vigil: threat intel: %,d indicators from %d feed%s in %.1f s%n", l.indicators(),
                    l.feeds(), l.feeds() == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9);
        }
        return new Loaded(l.intel(), l.refused());
    }

    static void report(LoadResult r, PrintStream err, boolean quiet) {
        report(r, err, quiet, null, null);
    }

    /** As {@link #report(LoadResult, PrintStream, boolean)}, naming the file {@code read} as {@code shown} (a fetched feed by its URL). */
    static void report(LoadResult r, PrintStream err, boolean quiet, String read, String shown) {
        java.util.function.UnaryOperator<String> name = s -> read == null ? s : s.replace(read, shown);
        if (!quiet || r.isRefused()) {
            err.println("vigil: " + TerminalText.sanitize(name.apply(r.summary()), 400));
        }
        List<LoadProblem> problems = r.problems();
        for (int i = 0; i < Math.min(SHOWN_PROBLEMS, problems.size()); i++) {
            err.println("vigil: " + TerminalText.sanitize(name.apply(problems.get(i).toString()), 300));
        }
        if (problems.size() > SHOWN_PROBLEMS) {
            err.printf(Locale.ROOT, "vigil: %s: %d more problems%n", TerminalText.sanitize(name.apply(r.source()), 200),
                    problems.size() - SHOWN_PROBLEMS);
        }
    }
}
