package dev.vigil.state;

import java.util.function.Function;

/**
 * Per-key state for detectors that look at behaviour over time (one entry per client IP, per
 * resource, per process). Implementations bound their memory and evict the least recently used
 * entries first; a detector must treat a missing entry as "never seen" or "window expired",
 * never as an error. The in-memory implementation serves one machine; a Flink-managed one can
 * replace it on a cluster, which is why detectors reach state only through this interface.
 *
 * @param <V> the state kept per key; mutable values are allowed (the caller owns them)
 */
public interface KeyedState<V> {

    /** The value for {@code key}, or {@code null}; counts as a use for eviction. */
    V get(String key);

    /** The value for {@code key}, created by {@code create} when absent. */
    V computeIfAbsent(String key, Function<String, V> create);

    void put(String key, V value);

    void remove(String key);

    int size();

    /** Entries dropped to stay within bounds since creation (reported in scan statistics). */
    long evictions();
}
