package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import java.util.List;

/**
 * What a worker made of one chunk. {@code eventList} holds the chunk's events, in order, only when
 * keyed detectors need to see them; else it is empty. {@code keys} then holds, for event {@code e}
 * and keyed detector {@code k}, the key the detector named at {@code e * keyedCount + k} (null
 * when it has nothing to do with the event), worked out here so that the consumer only routes.
 * {@code failures} counts, per detector id, the events a detector threw on. Immutable once built.
 */
record ChunkResult(
        String source,
        long lines,
        long events,
        long rejected,
        long warnings,
        List<Detection> detections,
        List<Problem> problems,
        List<Event> eventList,
        String[] keys,
        java.util.Map<String, Long> failures) {
}
