package dev.vigil.tail;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something wrong with a followed file, reported through {@link FileFollower.Problems} instead of an
 * exception, so one bad source never stops the others.
 *
 * @param kind   what happened
 * @param path   the file or watched path it concerns; null for {@link Kind#CLOCK_JUMP}
 * @param line   the 1-based line it concerns, or 0 when it concerns the whole file
 * @param reason a short, human-readable reason (may quote a file name: escape it before printing)
 *
 * <p>Immutable and thread-safe.
 */
public record TailProblem(Kind kind, Path path, long line, String reason) {
    public enum Kind {
        /** A watched file is not there (it disappeared or never existed); reported again after it came back. */
        MISSING,
        /** A file cannot be opened for lack of permission; the others are followed, it is tried again each poll. */
        PERMISSION_DENIED,
        /** Another I/O error while reading a file; it is tried again each poll. */
        UNREADABLE,
        /** The file holds NUL bytes in its first kilobyte: not a log, not followed. */
        BINARY,
        /** A line over the length limit: its head was handed out as a cut batch, the rest skipped. */
        LINE_TOO_LONG,
        /** The file shrank or its first bytes changed (copytruncate, truncation in place): read again from 0. */
        TRUNCATED,
        /** A compressed file ends inside its compressed data or is corrupt; the lines before it were read. */
        CORRUPT_COMPRESSED,
        /** The wall clock went back; idle timers were restarted. */
        CLOCK_JUMP
    }

    public TailProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative");
        }
    }

    @Override
    public String toString() {
        String where = path == null ? "" : line > 0 ? path + ":" + line + ": " : path + ": ";
        return where + reason;
    }
}
