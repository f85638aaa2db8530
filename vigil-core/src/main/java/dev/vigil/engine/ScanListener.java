package dev.vigil.engine;

import dev.vigil.detect.Detection;

/**
 * Receives a scan's results in input order, on the thread that called
 * {@link Engine#scan(java.util.List, ScanListener)}: no synchronisation is needed.
 */
public interface ScanListener {

    /** One detection, in the order of the input lines. */
    default void onDetection(Detection detection) {}

    /** A source is done (or was skipped); called once per source, in order. */
    default void onSourceDone(SourceStats stats) {}

    /** Bytes of the sources read so far (as stored, compressed or not); called from the reader thread. */
    default void onProgress(long bytesRead) {}
}
