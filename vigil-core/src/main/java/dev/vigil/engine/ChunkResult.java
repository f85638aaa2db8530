package dev.vigil.engine;

import dev.vigil.detect.Detection;
import java.util.List;

/** What a worker made of one chunk. Immutable once built. */
record ChunkResult(
        String source,
        long lines,
        long events,
        long rejected,
        long warnings,
        List<Detection> detections,
        List<Problem> problems) {
}
