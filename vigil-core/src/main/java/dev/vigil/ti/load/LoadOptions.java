package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import java.time.Instant;
import java.util.Objects;

/**
 * How a feed file is read.
 *
 * @param feed feed name given to every indicator, or {@code null} to use the file name
 * @param now the instant against which validity is judged (expired indicators are counted, not kept)
 * @param defaultConfidence confidence for entries whose feed gives none
 * @param maxProblems how many problems are kept with their location (all are counted)
 */
public record LoadOptions(String feed, Instant now, int defaultConfidence, int maxProblems) {
    public LoadOptions {
        Objects.requireNonNull(now, "now");
        if (defaultConfidence < 0 || defaultConfidence > 100) {
            throw new IllegalArgumentException("defaultConfidence outside 0..100: " + defaultConfidence);
        }
        if (maxProblems < 0) {
            throw new IllegalArgumentException("maxProblems < 0");
        }
        if (feed != null && feed.isBlank()) {
            feed = null;
        }
    }

    /** Feed name from the file name, confidence {@value Indicator#DEFAULT_CONFIDENCE}, 1000 problems. */
    public static LoadOptions at(Instant now) {
        return new LoadOptions(null, now, Indicator.DEFAULT_CONFIDENCE, 1000);
    }

    public LoadOptions withFeed(String name) {
        return new LoadOptions(name, now, defaultConfidence, maxProblems);
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
