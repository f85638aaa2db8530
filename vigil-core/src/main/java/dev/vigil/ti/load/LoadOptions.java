package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import java.time.Instant;
import java.util.Objects;

/**
 * How a feed file is read, and how much of it Vigil accepts. A feed over a limit is refused whole,
 * with the reason, rather than cut: half a block list would look like a whole one.
 *
 * @param feed feed name given to every indicator, or {@code null} to use the file name
 * @param now the instant against which validity is judged (expired indicators are counted, not kept)
 * @param defaultConfidence confidence for entries whose feed gives none
 * @param maxProblems how many problems are kept with their location (all are counted)
 * @param maxEntries the most entries (valid indicators, kept or expired) a feed may hold
 * @param maxBytes the most bytes a feed may hold once decompressed; JSON feeds (STIX, MISP), which
 *     are read whole into memory, may hold an eighth of it
 * @param sink where to hand each valid indicator as it is read, instead of keeping it in the
 *     {@link LoadResult} ({@code null} keeps them): a scan builds its snapshot without a list of
 *     a million indicators beside it, and {@code vigil ti load} only counts
 */
public record LoadOptions(String feed, Instant now, int defaultConfidence, int maxProblems, long maxEntries,
        long maxBytes, java.util.function.Consumer<Indicator> sink) {

    /** The memory one loaded entry costs, measured on a million-entry IP list and a domain list (about 165 bytes). */
    static final long BYTES_PER_ENTRY = 160;
    /** The share of the heap feeds may take: a scan needs the rest. */
    static final double HEAP_SHARE = 0.4;
    /** The most entries by default, whatever the heap. */
    static final long MAX_ENTRIES = 5_000_000;
    /** The most bytes by default (decompressed). */
    static final long MAX_BYTES = 256L << 20;

    public LoadOptions {
        Objects.requireNonNull(now, "now");
        if (defaultConfidence < 0 || defaultConfidence > 100) {
            throw new IllegalArgumentException("defaultConfidence outside 0..100: " + defaultConfidence);
        }
        if (maxProblems < 0) {
            throw new IllegalArgumentException("maxProblems < 0");
        }
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("feed limits must be positive");
        }
        if (feed != null && feed.isBlank()) {
            feed = null;
        }
    }

    /** With the default limits ({@link #defaultMaxEntries()}, {@link #defaultMaxBytes()}). */
    public LoadOptions(String feed, Instant now, int defaultConfidence, int maxProblems) {
        this(feed, now, defaultConfidence, maxProblems, defaultMaxEntries(), defaultMaxBytes(), null);
    }

    /** Feed name from the file name, confidence {@value Indicator#DEFAULT_CONFIDENCE}, 1000 problems, default limits. */
    public static LoadOptions at(Instant now) {
        return new LoadOptions(null, now, Indicator.DEFAULT_CONFIDENCE, 1000);
    }

    public LoadOptions withFeed(String name) {
        return new LoadOptions(name, now, defaultConfidence, maxProblems, maxEntries, maxBytes, sink);
    }

    public LoadOptions withLimits(long entries, long bytes) {
        return new LoadOptions(feed, now, defaultConfidence, maxProblems, entries, bytes, sink);
    }

    /** These options handing indicators to {@code to} as they are read (null: keep them in the result). */
    public LoadOptions withSink(java.util.function.Consumer<Indicator> to) {
        return new LoadOptions(feed, now, defaultConfidence, maxProblems, maxEntries, maxBytes, to);
    }

    /**
     * The entry limit unless configured: the system property {@code vigil.ti.maxEntries}, else as
     * many entries as {@value #HEAP_SHARE} of the heap holds, at most {@value #MAX_ENTRIES} (about
     * 2.7 million with the launcher's 1 GiB heap). The same limit applies when a feed is registered
     * and when a scan reads it, so a feed {@code vigil ti load} accepts never exhausts a later scan.
     */
    public static long defaultMaxEntries() {
        Long configured = Long.getLong("vigil.ti.maxEntries");
        if (configured != null && configured > 0) {
            return configured;
        }
        long heap = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE / BYTES_PER_ENTRY);
        return Math.max(1000, Math.min(MAX_ENTRIES, heap));
    }

    /** The size limit unless configured: the system property {@code vigil.ti.maxBytes}, else 256 MiB. */
    public static long defaultMaxBytes() {
        Long configured = Long.getLong("vigil.ti.maxBytes");
        return configured != null && configured > 0 ? configured : MAX_BYTES;
    }

    /** The feed name to use for a file called {@code source}. */
    public String feedFor(String source) {
        if (feed != null) {
            return feed;
        }
        String s = source.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
