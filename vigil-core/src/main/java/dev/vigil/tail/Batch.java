package dev.vigil.tail;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whole new lines of one file, as {@link FileFollower#poll()} hands them out: the engine parses one
 * like a chunk of a scan.
 *
 * <p>Every line in {@code data} ends with {@code \n}, with two exceptions, both flagged: a trailing
 * line that stayed incomplete longer than the caller's idle timeout (or ends a compressed file) is
 * handed out without one, and a {@linkplain #cut() cut} batch holds only the first bytes of one line
 * that was over the length limit. {@code endOffset - startOffset == data.length} always holds.
 *
 * @param path        where the file was when it was read (a rotated file may be read under its new
 *                    name, or under its old one when it was deleted or moved out of the watched set)
 * @param identity    the file's identity ({@code dev:ino}, see {@link FileFollower})
 * @param startLine   1-based number of the first line in {@code data}
 * @param startOffset byte offset of {@code data[0]} in the file (decompressed, for a compressed file)
 * @param data        the bytes; the array is the batch's own
 * @param endOffset   offset of the first byte after {@code data}
 * @param cut         whether {@code data} is the head of one over-long line, the rest skipped
 *
 * <p>Immutable in intent (the array is not copied); safe to hand to another thread.
 */
public record Batch(Path path, String identity, long startLine, long startOffset, byte[] data, long endOffset,
                    boolean cut) {
    public Batch {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(data, "data");
        if (endOffset - startOffset != data.length) {
            throw new IllegalArgumentException("offsets do not match the data length");
        }
    }
}
