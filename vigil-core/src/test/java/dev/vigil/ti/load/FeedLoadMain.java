package dev.vigil.ti.load;

import dev.vigil.ti.match.ThreatIntel;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Loads feeds in a JVM of its own, for {@link HostileFeedsTest}: {@code FILE MAX_ENTRIES} pairs
 * (0 for the default limits), one line of result per feed: the summary, the number of indicators
 * the snapshot holds, and whether a listed value matches. Run with a small heap, it shows what a
 * feed of a given size costs and that the limits stop what does not fit.
 */
public final class FeedLoadMain {
    private FeedLoadMain() {}

    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            ThreatIntel intel;
            long max = Long.parseLong(args[i + 1]);
            LoadOptions o = LoadOptions.at(Instant.now());
            if (max > 0) {
                o = o.withLimits(max, o.maxBytes());
            }
            // as a scan reads a feed: each indicator goes into the snapshot as it is read
            ThreatIntel.Builder b = ThreatIntel.builder();
            LoadResult r = IndicatorLoaders.standard().load(Path.of(args[i]), o.withSink(b::add));
            String summary = r.summary().replace('\n', ' ');
            intel = b.addAll(r).build();
            r = null;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.println("RESULT " + args[i] + " indicators=" + intel.stats().indicators()
                    + " match=" + !intel.matchIp("10.0.0.1").isEmpty()
                    + " usedMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20));
            System.out.println("SUMMARY " + summary);
            intel = null;
        }
    }
}
