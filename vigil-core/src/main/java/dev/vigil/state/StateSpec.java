package dev.vigil.state;

import java.util.Objects;

/**
 * Declares one piece of keyed state a detector keeps, as Flink's state descriptors do: its name
 * (unique within the detector and stable across versions, since snapshots are matched by it), how
 * to persist it and how it is bounded. A detector lists its specs up front so that a backend can
 * create and bound them before the first event; at run time it reaches its state only through
 * {@link KeyContext}, scoped to the current key.
 *
 * <p>Bounds by age are the detector's business, with event-time timers (a window clears its state
 * when it closes), because they must hold the same on every backend; bounds by size are the
 * backend's: the in-memory one evicts least recently used keys and entries and counts them.
 *
 * <p>Immutable and thread-safe; use the instances as constants.
 */
public sealed interface StateSpec permits StateSpec.Value, StateSpec.Map {

    String name();

    /** One value per key. */
    record Value<V>(String name, Codec<V> codec) implements StateSpec {
        public Value {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(codec, "codec");
        }
    }

    /**
     * A map per key, bounded by its entries over all keys: past {@code maxEntries}, the least
     * recently used entry of any key goes first. Map entries do not keep their key's other state
     * alive, nor does evicting a key's other state drop them.
     */
    record Map<K, V>(String name, Codec<K> keyCodec, Codec<V> valueCodec, int maxEntries) implements StateSpec {
        public Map {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(keyCodec, "keyCodec");
            Objects.requireNonNull(valueCodec, "valueCodec");
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1");
            }
        }
    }
}
