package dev.vigil.detect;

import dev.vigil.event.Event;
import java.util.function.Consumer;

/**
 * A detector whose verdict depends on earlier events: bursts and brute force over time windows,
 * first-seen clients, a request followed by a process. The engine calls it on one thread, in input
 * order, after the stateless detectors have seen the same event, so it needs no locking; its
 * state must stay bounded (use {@link dev.vigil.state.KeyedState}).
 *
 * <p>Not thread-safe by contract: one scan at a time.
 */
public interface SequentialDetector extends Detector {

    /** The input ended: report what pending windows hold. */
    default void finish(Consumer<Detection> out) {}
}
