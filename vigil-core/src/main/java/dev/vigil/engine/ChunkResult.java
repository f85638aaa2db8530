package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import java.util.List;

/**
 * What a worker made of one chunk. {@code eventList} holds the chunk's events, in order, only when
 * sequential detectors need to see them; else it is empty. Immutable once built.
 */
record ChunkResult(
        String source,
        long lines,
        long events,
        long rejected,
        long warnings,
        List<Detection> detections,
        List<Problem> problems,
        List<Event> eventList) {
}
