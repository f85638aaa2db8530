package dev.vigil.ti.match;

import dev.vigil.ti.load.IndicatorLoaders;
import dev.vigil.ti.load.LoadOptions;
import dev.vigil.ti.load.LoadResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Several feed files loaded into one {@link ThreatIntel} snapshot, the way every entry point
 * loads {@code --ti} (the CLI's scan and watch, the Flink job): indicators go straight into the
 * snapshot as they are read; the entry limit applies to all feeds together, so several feeds
 * cannot hold more than one may; a feed refused after some of its indicators went in (over a
 * limit, mostly bad entries) is left out and the others are read again.
 *
 * <p>Thread-safe: it keeps nothing between calls.
 */
public final class FeedSet {
    private FeedSet() {}

    /**
     * What was loaded.
     *
     * @param intel      the snapshot of the feeds accepted
     * @param refused    feeds left out
     * @param indicators indicators in the snapshot
     * @param feeds      feeds in the snapshot
     */
    public record Loaded(ThreatIntel intel, int refused, long indicators, int feeds) {
        public Loaded {
            Objects.requireNonNull(intel, "intel");
        }
    }

    /**
     * Loads {@code files} as of {@code now}.
     *
     * @param each hears each file's result once (its counts and problems), the first time it is read
     */
    public static Loaded load(List<Path> files, Instant now, Consumer<LoadResult> each) {
        List<Path> usable = new ArrayList<>(files);
        Set<Path> reported = new HashSet<>();
        int refused = 0;
        while (true) {
            ThreatIntel.Builder b = ThreatIntel.builder();
            LoadOptions base = LoadOptions.at(now);
            long left = base.maxEntries();
            long total = 0;
            boolean again = false;
            for (Path f : List.copyOf(usable)) {
                long[] added = new long[1];
                LoadResult r = IndicatorLoaders.standard().load(f, base.withLimits(Math.max(1, left), base.maxBytes())
                        .withSink(i -> {
                            b.add(i);
                            added[0]++;
                        }));
                if (reported.add(f)) {
                    each.accept(r);
                }
                if (r.isRefused()) {
                    refused++;
                    usable.remove(f);
                    if (added[0] > 0) {
                        again = true; // its indicators are in the builder: start over without it
                        break;
                    }
                    continue;
                }
                b.addAll(r);
                total += r.count();
                left -= (long) r.count() + r.expired() + r.notYetValid();
            }
            if (!again) {
                return new Loaded(b.build(), refused, total, usable.size());
            }
        }
    }
}
