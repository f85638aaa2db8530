package dev.vigil.detect;

import dev.vigil.event.Event;
import dev.vigil.state.KeyContext;
import dev.vigil.state.StateSpec;
import java.util.List;
import java.util.function.Consumer;

/**
 * A detector whose verdict depends on earlier events (bursts and brute force over time windows,
 * first-seen clients, process trees), written the way a Flink {@code KeyedProcessFunction} is:
 * it names the key each event's state lives under, declares its state up front, and keeps all of
 * it in the {@link KeyContext} it is handed, scoped to that key, never in fields. So the same
 * detector runs in a scan, in a watch that snapshots its state, partitioned by key across
 * threads, or on Flink keyed state, unchanged.
 *
 * <p>The engine calls {@link #process} with each key's events in input order, after the stateless
 * detectors have seen the same event, and {@link #onTimer} when the event-time watermark passes a
 * timer the detector registered (or when its stage is finished for good: a scan leaves timers
 * pending, so the next scan of the same engine goes on where it stopped). Instances hold
 * configuration only and must be thread-safe: several partitions may call one at once, each with
 * its own keys.
 *
 * <p>{@link #inspect} is not how keyed detectors run: it throws, so that a keyed detector handed
 * to a stateless stage fails loudly instead of running without state.
 */
public interface KeyedDetector extends Detector {

    /** The state this detector keeps, each spec named uniquely within the detector. */
    List<StateSpec> states();

    /** At most how many keys to hold at once (least recently used out first past it). */
    int maxKeys();

    /**
     * The key {@code event}'s state lives under (a host, a resource, a resource and client
     * address), or null when the detector has nothing to do with the event. Called on the thread
     * that routes events, so keep it cheap and free of side effects.
     */
    String key(Event event);

    /** Handles one event of the context's key. Never throws on input. */
    void process(Event event, KeyContext ctx, Consumer<Detection> out);

    /** A timer registered for the context's key fired at {@code time} (event time). */
    default void onTimer(long time, KeyContext ctx, Consumer<Detection> out) {}

    @Override
    default void inspect(Event event, Consumer<Detection> out) {
        throw new UnsupportedOperationException(id() + " is a keyed detector: run it through the engine's keyed stage");
    }
}
