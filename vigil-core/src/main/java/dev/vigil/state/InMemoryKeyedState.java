package dev.vigil.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link KeyedState} in a LinkedHashMap in access order, bounded by entry count: putting a new
 * key when full evicts the least recently used entry.
 *
 * <p>Not thread-safe: sequential detectors use it from the engine's consumer thread.
 */
public final class InMemoryKeyedState<V> implements KeyedState<V> {
    private final int maxEntries;
    private long evictions;
    private final LinkedHashMap<String, V> map;

    public InMemoryKeyedState(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.map = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                if (size() > InMemoryKeyedState.this.maxEntries) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public V get(String key) {
        return map.get(key);
    }

    @Override
    public V computeIfAbsent(String key, Function<String, V> create) {
        return map.computeIfAbsent(key, create);
    }

    @Override
    public void put(String key, V value) {
        map.put(key, value);
    }

    @Override
    public void remove(String key) {
        map.remove(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public long evictions() {
        return evictions;
    }
}
