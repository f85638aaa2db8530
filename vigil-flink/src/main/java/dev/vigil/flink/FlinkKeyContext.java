package dev.vigil.flink;

import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.MapState;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.TimerService;

/**
 * {@link KeyContext} over Flink keyed state: Flink scopes the state handles to the current key,
 * so this class only encodes values with their specs' codecs and passes timers through. One per
 * function instance, rebound to the current key for each element and timer.
 *
 * <p>Not thread-safe, as Flink calls a function instance from one thread.
 */
final class FlinkKeyContext implements KeyContext {
    private final List<StateSpec> specs;
    private final Object[] views;
    private String key;
    private TimerService timers;

    @SuppressWarnings("unchecked")
    FlinkKeyContext(List<StateSpec> specs, List<Object> handles) {
        this.specs = specs;
        this.views = new Object[specs.size()];
        for (int i = 0; i < views.length; i++) {
            StateSpec s = specs.get(i);
            if (s instanceof StateSpec.Value<?> v) {
                views[i] = new Value<>((org.apache.flink.api.common.state.ValueState<byte[]>) handles.get(i), v.codec());
            } else {
                StateSpec.Map<?, ?> m = (StateSpec.Map<?, ?>) s;
                views[i] = new Map<>((org.apache.flink.api.common.state.MapState<String, byte[]>) handles.get(i),
                        m.keyCodec(), m.valueCodec());
            }
        }
    }

    void bind(String key, TimerService timers) {
        this.key = key;
        this.timers = timers;
    }

    private int slot(StateSpec spec) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i) == spec || specs.get(i).equals(spec)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the detector did not declare the state " + spec.name());
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public long watermark() {
        return timers.currentWatermark();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ValueState<V> value(StateSpec.Value<V> spec) {
        return (ValueState<V>) views[slot(spec)];
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> MapState<K, V> map(StateSpec.Map<K, V> spec) {
        return (MapState<K, V>) views[slot(spec)];
    }

    @Override
    public void registerTimer(long time) {
        timers.registerEventTimeTimer(time);
    }

    @Override
    public void deleteTimer(long time) {
        timers.deleteEventTimeTimer(time);
    }

    static <T> byte[] encode(Codec<T> codec, T value) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            codec.write(out, value);
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T decode(Codec<T> codec, byte[] bytes) {
        try {
            return codec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("state that does not decode: " + e.getMessage(), e);
        }
    }

    private static final class Value<V> implements ValueState<V> {
        private final org.apache.flink.api.common.state.ValueState<byte[]> state;
        private final Codec<V> codec;

        Value(org.apache.flink.api.common.state.ValueState<byte[]> state, Codec<V> codec) {
            this.state = state;
            this.codec = codec;
        }

        @Override
        public V value() {
            try {
                byte[] b = state.value();
                return b == null ? null : decode(codec, b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void update(V value) {
            try {
                if (value == null) {
                    state.clear();
                } else {
                    state.update(encode(codec, value));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void clear() {
            state.clear();
        }
    }

    private static final class Map<K, V> implements MapState<K, V> {
        private final org.apache.flink.api.common.state.MapState<String, byte[]> state;
        private final Codec<K> keyCodec;
        private final Codec<V> valueCodec;

        Map(org.apache.flink.api.common.state.MapState<String, byte[]> state, Codec<K> keyCodec, Codec<V> valueCodec) {
            this.state = state;
            this.keyCodec = keyCodec;
            this.valueCodec = valueCodec;
        }

        private String mapKey(K key) {
            return new String(encode(keyCodec, key), StandardCharsets.ISO_8859_1);
        }

        @Override
        public V get(K key) {
            try {
                byte[] b = state.get(mapKey(key));
                return b == null ? null : decode(valueCodec, b);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        @Override
        public void put(K key, V value) {
            try {
                state.put(mapKey(key), encode(valueCodec, value));
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        @Override
        public void remove(K key) {
            try {
                state.remove(mapKey(key));
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
    }
}
