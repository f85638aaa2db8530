package dev.vigil.state;

/**
 * What a keyed detector sees while it handles one event or timer: the current key, its state,
 * event time and timers. All state reached through it is scoped to {@link #key()}, as in a Flink
 * {@code KeyedProcessFunction}; a context is valid only during the call it was passed to.
 */
public interface KeyContext {
    /** The key the current event or timer belongs to. */
    String key();

    /** The event-time watermark: every event up to it has been seen (as far as the source knows). */
    long watermark();

    <V> ValueState<V> value(StateSpec.Value<V> spec);

    <K, V> MapState<K, V> map(StateSpec.Map<K, V> spec);

    /**
     * Calls the detector's {@code onTimer} for this key once the watermark reaches {@code time}
     * (or when the stage is finished for good). Registering the same time twice for a key fires once.
     */
    void registerTimer(long time);

    void deleteTimer(long time);
}
