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
 */
public record LoadResult(
        String source,
        String format,
        List<Indicator> indicators,
        int expired,
        int notYetValid,
        int skipped,
        int bad,
        List<LoadProblem> problems) {
    public LoadResult {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        indicators = List.copyOf(indicators);
        problems = List.copyOf(problems);
        if (expired < 0 || notYetValid < 0 || skipped < 0 || bad < problems.size()) {
            throw new IllegalArgumentException("inconsistent counts");
        }
    }

    /** One-line summary for the CLI. */
    public String summary() {
        return String.format("%s (%s): %d indicators, %d expired, %d not yet valid, %d skipped, %d bad",
                source, format, indicators.size(), expired, notYetValid, skipped, bad);
    }
}
