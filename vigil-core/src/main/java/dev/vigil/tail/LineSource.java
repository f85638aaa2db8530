package dev.vigil.tail;

import java.util.List;

/**
 * Where a watch's lines come from: files followed as they grow ({@link FileFollower}) or a stream
 * read until it closes ({@link StreamFollower}, standard input). A source hands out whole lines in
 * batches and says where it stands, so a watch can commit that with the alerts.
 *
 * <p>Implementations say whether they are thread-safe; a watch polls from one thread.
 */
public interface LineSource {
    /** The new lines since the last poll, in batches; empty when nothing new is complete. Never throws. */
    List<Batch> poll();

    /** Where the source stands, as of the batches handed out so far. */
    Checkpoint checkpoint();

    /** Resumes from a checkpoint (a source that cannot be resumed ignores it). */
    void restore(Checkpoint checkpoint);
}
