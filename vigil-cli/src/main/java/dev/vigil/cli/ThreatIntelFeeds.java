package dev.vigil.cli;

import dev.vigil.output.TerminalText;
import dev.vigil.ti.load.IndicatorLoaders;
import dev.vigil.ti.load.LoadOptions;
import dev.vigil.ti.load.LoadProblem;
import dev.vigil.ti.load.LoadResult;
import dev.vigil.ti.match.ThreatIntel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Loads threat-intel feed files into one snapshot, reporting each file's counts and first problems. */
final class ThreatIntelFeeds {
    private ThreatIntelFeeds() {}

    private static final int SHOWN_PROBLEMS = 5;

    static LoadResult load(Path file) {
        return IndicatorLoaders.standard().load(file, LoadOptions.at(Instant.now()));
    }

    /** Loads every file; null when there are none. Reports to {@code err} unless quiet (problems always). */
    static ThreatIntel load(List<Path> files, PrintStream err, boolean quiet) {
        if (files.isEmpty()) {
            return null;
        }
        long t0 = System.nanoTime();
        ThreatIntel.Builder b = ThreatIntel.builder();
        int total = 0;
        for (Path f : files) {
            LoadResult r = load(f);
            report(r, err, quiet);
            b.addAll(r);
            total += r.indicators().size();
        }
        ThreatIntel intel = b.build();
        if (!quiet) {
            err.printf(Locale.ROOT, "vigil: threat intel: %,d indicators from %d feed%s in %.1f s%n", total, files.size(),
                    files.size() == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9);
        }
        return intel;
    }

    static void report(LoadResult r, PrintStream err, boolean quiet) {
        if (!quiet) {
            err.println("vigil: " + TerminalText.sanitize(r.summary(), 400));
        }
        List<LoadProblem> problems = r.problems();
        for (int i = 0; i < Math.min(SHOWN_PROBLEMS, problems.size()); i++) {
            err.println("vigil: " + TerminalText.sanitize(problems.get(i).toString(), 300));
        }
        if (problems.size() > SHOWN_PROBLEMS) {
            err.printf(Locale.ROOT, "vigil: %s: %d more problems%n", TerminalText.sanitize(r.source(), 200),
                    problems.size() - SHOWN_PROBLEMS);
        }
    }
}
