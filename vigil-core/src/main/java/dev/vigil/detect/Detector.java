package dev.vigil.detect;

import dev.vigil.event.Event;
import java.util.function.Consumer;

/**
 * Looks at one event and reports what it finds. Detectors are called from every worker thread at
 * once, so they must be thread-safe; stateful heuristics over time windows keep their state
 * behind the window-state interface, not in fields.
 */
public interface Detector {

    /** A stable id that names this detector in errors and in {@code --detections} output. */
    String id();

    /** Reports zero or more detections for {@code event} to {@code out}. Never throws on input. */
    void inspect(Event event, Consumer<Detection> out);
}
