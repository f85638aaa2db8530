package dev.vigil.ti.load;

import dev.vigil.ti.Indicator;
import java.util.List;
import java.util.Objects;

/**
 * What one feed file yielded.
 *
 * @param source the file name as given
 * @param format the loader's format name
 * @param indicators indicators valid at the load instant, ready for matching
 * @param expired indicators left out because valid_until had passed
 * @param notYetValid indicators left out because valid_from lies in the future
 * @param skipped entries deliberately ignored (unsupported types, MISP {@code to_ids: false} or
 *     {@code deleted}, revoked STIX objects): not errors
 * @param bad entries rejected as malformed; the first of them are in {@code problems}
 * @param problems located reasons for bad entries (capped; see {@link LoadOptions#maxProblems})
 * @param streamed valid indicators handed to {@link LoadOptions#sink()} instead of kept here
 * @param refused why the whole feed was refused (not a feed, over a limit), or {@code null} when it
 *     was accepted; a refused feed yields no indicators
 */
public record LoadResult(
        String source,
        String format,
        List<Indicator> indicators,
        int expired,
        int notYetValid,
        int skipped,
        int bad,
        List<LoadProblem> problems,
        int streamed,
        String refused) {
    public LoadResult {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        indicators = List.copyOf(indicators);
        problems = List.copyOf(problems);
        if (expired < 0 || notYetValid < 0 || skipped < 0 || bad < problems.size()) {
            throw new IllegalArgumentException("inconsistent counts");
        }
        if (streamed < 0) {
            throw new IllegalArgumentException("inconsistent counts");
        }
        if (refused != null && !indicators.isEmpty()) {
            throw new IllegalArgumentException("a refused feed yields no indicators");
        }
    }

    /** An accepted feed's result. */
    public LoadResult(String source, String format, List<Indicator> indicators, int expired, int notYetValid,
            int skipped, int bad, List<LoadProblem> problems) {
        this(source, format, indicators, expired, notYetValid, skipped, bad, problems, 0, null);
    }

    /** This result refused, for {@code reason}: no indicators. */
    public LoadResult refuse(String reason) {
        return new LoadResult(source, format, List.of(), expired, notYetValid, skipped, bad, problems, streamed, reason);
    }

    /** How many valid indicators the feed yielded, kept here or streamed. */
    public int count() {
        return indicators.size() + streamed;
    }

    public boolean isRefused() {
        return refused != null;
    }

    /** One-line summary for the CLI. */
    public String summary() {
        if (refused != null) {
            return source + " (" + format + "): refused: " + refused;
        }
        return String.format("%s (%s): %d indicators, %d expired, %d not yet valid, %d skipped, %d bad",
                source, format, count(), expired, notYetValid, skipped, bad);
    }
}
