package dev.vigil.flink;

import dev.vigil.detect.Detection;
import dev.vigil.event.Event;

/**
 * What parsing one line gives: an event for the keyed detectors, or a stateless detection for
 * the alerts (exactly one of the two is set). One stream carries both so the source assigns event
 * time and watermarks per Kafka partition to both.
 *
 * @param ingestMillis when the line entered Kafka, for delay figures
 */
public record Parsed(Event event, Detection detection, long ingestMillis) {
    /** Event time in epoch milliseconds, or {@link Event#NO_TIME}. */
    public long timeMillis() {
        return event != null ? event.timeMillis() : detection.event().timeMillis();
    }
}
