package dev.vigil.flink;

import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a stream of events the way one detector keys its state ({@link KeyedDetector#key}); events
 * it has nothing to do with (null key) must be filtered out before ({@link #relevant}).
 */
public final class DetectorKey implements KeySelector<Event, String> {
    private static final long serialVersionUID = 1L;

    private final String detectorId;
    private final JobDetectors detectors;
    private transient KeyedDetector detector;

    public DetectorKey(String detectorId) {
        this(JobDetectors.BUILT_IN, detectorId);
    }

    /** Keys by the keyed detector in {@code slot} of {@code detectors} ({@link JobDetectors#keyedSlots}). */
    public DetectorKey(JobDetectors detectors, String slot) {
        this.detectors = detectors;
        this.detectorId = slot;
    }

    private KeyedDetector detector() {
        if (detector == null) {
            detector = detectors.keyed(detectorId);
        }
        return detector;
    }

    @Override
    public String getKey(Event event) {
        return detector().key(event);
    }

    public boolean relevant(Event event) {
        return detector().key(event) != null;
    }
}
