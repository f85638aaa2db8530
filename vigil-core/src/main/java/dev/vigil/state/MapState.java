package dev.vigil.state;

/**
 * A map for the current key. As with {@link ValueState}, values are written back with
 * {@link #put}, never changed in place. Entries may be evicted to stay within the spec's bound:
 * a missing entry means "never seen, or forgotten", never an error.
 */
public interface MapState<K, V> {
    /** The value for {@code key}, or null. */
    V get(K key);

    void put(K key, V value);

    void remove(K key);
}
