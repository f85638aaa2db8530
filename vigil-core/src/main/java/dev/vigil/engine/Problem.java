package dev.vigil.engine;

import java.util.Objects;

/**
 * Something wrong with the input, reported with the source and line it concerns.
 *
 * @param source the source name
 * @param line   the 1-based line, or 0 when the problem concerns the whole source
 * @param kind   what happened to the line or source
 * @param reason a short, human-readable reason (may quote input: escape it before printing)
 *
 * <p>Immutable and thread-safe.
 */
public record Problem(String source, long line, Kind kind, String reason) {
    public enum Kind {
        /** The line is not an event and was skipped. */
        REJECTED,
        /** The line was read, with a repair (invalid UTF-8 replaced, for instance). */
        WARNING,
        /** The source as a whole: unreadable, truncated, or of an unknown format. */
        SOURCE
    }

    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative");
        }
    }

    @Override
    public String toString() {
        return (line > 0 ? source + ":" + line : source) + ": " + reason;
    }
}
