package dev.vigil.state;

/**
 * One value for the current key. Values are written back with {@link #update}, never changed in
 * place: a backend may hold a serialised copy (Flink's RocksDB backend does), so a change that is
 * not written back is lost. Treat values as immutable.
 */
public interface ValueState<V> {
    /** The value, or null when there is none (never written, cleared, evicted or expired). */
    V value();

    void update(V value);

    void clear();
}
