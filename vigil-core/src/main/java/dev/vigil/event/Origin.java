package dev.vigil.event;

import java.util.Objects;

/**
 * Where an event came from: the source name (a file path, {@code -} for standard input), the
 * 1-based line number and the byte offset of the line's first byte in the (decompressed) stream.
 * Every detection and alert points back to input lines through this record.
 *
 * <p>Immutable and thread-safe.
 */
public record Origin(String source, long line, long offset) {
    public Origin {
        Objects.requireNonNull(source, "source");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers are 1-based, got " + line);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }

    @Override
    public String toString() {
        return source + ":" + line;
    }
}
