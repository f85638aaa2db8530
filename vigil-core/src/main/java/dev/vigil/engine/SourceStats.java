package dev.vigil.engine;

import java.util.List;
import java.util.Objects;

/**
 * What scanning one source gave.
 *
 * @param source     the source name
 * @param format     the format it was read as, or {@code null} when it was skipped
 * @param bytes      bytes read after decompression
 * @param lines      lines read
 * @param events     lines that became events
 * @param rejected   lines that were not events (malformed, too long)
 * @param warnings   lines read with a repair (invalid UTF-8, NUL bytes)
 * @param detections detections raised on this source's events
 * @param problems   the first few problems, in line order; the counts above are complete
 * @param status     how the source ended
 *
 * <p>Immutable and thread-safe.
 */
public record SourceStats(
        String source,
        String format,
        long bytes,
        long lines,
        long events,
        long rejected,
        long warnings,
        long detections,
        List<Problem> problems,
        Status status) {

    public enum Status {
        /** Read to the end. */
        COMPLETE,
        /** Read in part: truncated gzip or a read error; what was read was scanned. */
        PARTIAL,
        /** Not scanned: its format is not one Vigil recognises. */
        SKIPPED,
        /** Could not be opened. */
        UNREADABLE
    }

    public SourceStats {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
    }
}
