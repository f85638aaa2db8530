package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The engine's detectors for callers that bring their own events, one at a time, with no end in
 * sight: an ingestion endpoint, a job that parses elsewhere, a test. Each event goes through the
 * stateless detectors, then the keyed ones (with their own state, kept by this stream), and every
 * detection goes to the consumer at once, in order. Quiet periods move event time on with
 * {@link #advance}, so windows close even when nothing arrives.
 *
 * <p>A detector that throws loses that event's verdict only; failures are counted per detector.
 *
 * <p>Not thread-safe: feed it from one thread.
 */
public final class EventStream {
    private final List<Detector> stateless;
    private final KeyedStage keyed;
    private final Consumer<Detection> out;
    private final Map<String, Long> failures = new TreeMap<>();
    private long events;

    EventStream(List<Detector> detectors, Consumer<Detection> out) {
        this.stateless = detectors.stream().filter(d -> !(d instanceof KeyedDetector)).toList();
        this.keyed = new KeyedStage(detectors.stream().filter(d -> d instanceof KeyedDetector)
                .map(d -> (KeyedDetector) d).toList());
        this.out = out;
    }

    /** Runs every detector on {@code event}; detections go to the consumer before this returns. */
    public void accept(Event event) {
        events++;
        for (Detector d : stateless) {
            try {
                d.inspect(event, out);
            } catch (RuntimeException e) {
                failures.merge(d.id(), 1L, Long::sum);
            }
        }
        keyed.process(event, out);
    }

    /** Event time moved on to {@code time} without an event: fires the timers it passes. */
    public void advance(long time) {
        keyed.advance(time, out);
    }

    /** The keyed detectors' state, for snapshots and figures. */
    public KeyedStage keyedStage() {
        return keyed;
    }

    public long events() {
        return events;
    }

    /** Events each detector threw on, by id. */
    public Map<String, Long> failures() {
        Map<String, Long> all = new TreeMap<>(failures);
        keyed.failures().forEach((id, f) -> all.merge(id, f.count(), Long::sum));
        return all;
    }
}
