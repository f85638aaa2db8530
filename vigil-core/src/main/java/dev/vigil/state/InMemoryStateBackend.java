package dev.vigil.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Keyed state and event-time timers in memory, for the keyed detectors of one stream (a scan, a
 * watch, or one partition of either). Each owner (a detector) declares its state and a limit on
 * its keys; every value lives under the owner's current key, as in Flink's keyed state.
 *
 * <p>Bounded by configuration, never by input: at most {@code maxKeys} keys with values or
 * timers per owner (the least recently used key's values and timers go first), and at most
 * {@link StateSpec.Map#maxEntries()} entries per map spec over all keys (the least recently used
 * entry of any key goes first: one LRU list, so a busy key cannot starve a quiet one of its
 * share). Every eviction is counted ({@link #stats}). Timers fire in time order when the
 * watermark passes them.
 *
 * <p>{@link #snapshot} writes everything (state, timers, watermark, LRU order) with the specs'
 * codecs; {@link #restore} reads it back into a fresh backend. Blocks are length-prefixed and
 * matched by owner and spec name, so a snapshot survives detectors or states added or removed
 * between versions.
 *
 * <p>Not thread-safe: one thread per backend. Partitioned stages use one backend per partition.
 */
public final class InMemoryStateBackend {
    private static final int MAGIC = 0x56475354; // "VGST"
    private static final int VERSION = 1;

    /** What one owner keeps: its name (matched in snapshots), a limit on keys, its state. */
    public record Declaration(String owner, int maxKeys, List<StateSpec> specs) {
        public Declaration {
            Objects.requireNonNull(owner, "owner");
            specs = List.copyOf(specs);
            if (maxKeys < 1) {
                throw new IllegalArgumentException(owner + ": maxKeys must be at least 1");
            }
            for (int i = 0; i < specs.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (specs.get(i).name().equals(specs.get(j).name())) {
                        throw new IllegalArgumentException(owner + ": two states named " + specs.get(i).name());
                    }
                }
            }
        }
    }

    /** Called for each timer that fires, with the context of its key. */
    @FunctionalInterface
    public interface TimerHandler {
        void onTimer(int owner, long time, KeyContext ctx);
    }

    /** An owner's figures: keys with values or timers, map entries, what was dropped to stay bounded, timers. */
    public record Stats(String owner, int keys, long mapEntries, long evictedKeys, long evictedEntries, int timers) {}

    private final Table[] tables;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long liveTimers;
    private long timerSeq;
    private long watermark = Long.MIN_VALUE;

    public InMemoryStateBackend(List<Declaration> owners) {
        tables = new Table[owners.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new Table(i, owners.get(i));
        }
    }

    /**
     * The context of {@code key} for {@code owner}. The object is reused: it is valid until the
     * next call of this method for the same owner, or a timer of that owner firing.
     */
    public KeyContext context(int owner, String key) {
        Ctx c = tables[owner].ctx;
        c.reset(key);
        return c;
    }

    public long watermark() {
        return watermark;
    }

    /** Moves the watermark forward (never back) and fires the timers it passes, in time order. */
    public void advanceWatermark(long time, TimerHandler handler) {
        if (time > watermark) {
            watermark = time;
        }
        fireUpTo(watermark, handler);
    }

    /**
     * Lets the watermark start again from nothing, for a new source whose time stamps may lie
     * before the last one's (files read one after another, newest first). Pending timers stay;
     * they fire once the new source's time passes them.
     */
    public void resetWatermark() {
        watermark = Long.MIN_VALUE;
    }

    /** The input ended: fires every timer, in time order; the watermark stays where it was. */
    public void fireAllTimers(TimerHandler handler) {
        fireUpTo(Long.MAX_VALUE, handler);
    }

    private void fireUpTo(long limit, TimerHandler handler) {
        Timer t;
        while ((t = timers.peek()) != null && t.time <= limit) {
            timers.poll();
            Table table = tables[t.owner];
            Entry e = table.keys.get(t.key);
            if (e == null || !e.removeTimer(t.time)) {
                continue; // deleted, or its key was evicted
            }
            liveTimers--;
            Ctx c = table.ctx;
            c.reset(t.key);
            c.entry = e;
            handler.onTimer(t.owner, t.time, c);
            c.dropIfEmpty();
        }
    }

    public Stats stats(int owner) {
        Table t = tables[owner];
        long entries = 0;
        for (LinkedHashMap<MapKey, Object> m : t.maps) {
            entries += m == null ? 0 : m.size();
        }
        int timerCount = 0;
        for (Entry e : t.keys.values()) {
            timerCount += e.timerCount;
        }
        return new Stats(t.decl.owner(), t.keys.size(), entries, t.evictedKeys, t.evictedEntries, timerCount);
    }

    // ---------------------------------------------------------------- snapshots

    /** Writes all state, timers and the watermark. */
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(watermark);
        out.writeInt(tables.length);
        for (Table t : tables) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            t.write(new DataOutputStream(buf));
            Codec.writeString(out, t.decl.owner());
            out.writeInt(buf.size());
            buf.writeTo(asStream(out));
        }
    }

    private static java.io.OutputStream asStream(DataOutput out) {
        return out instanceof java.io.OutputStream os ? os : new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        };
    }

    /**
     * Reads a snapshot into this backend, which must not have seen an event yet. Owners and states
     * the snapshot has but this backend does not declare are skipped; those it lacks start empty.
     *
     * @throws IOException when the snapshot is not one, or is corrupt
     */
    public void restore(DataInput in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Vigil state snapshot");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("state snapshot version " + version + " is not supported (expected " + VERSION + ")");
        }
        watermark = Math.max(watermark, in.readLong());
        int n = in.readInt();
        Map<String, Table> byName = new HashMap<>();
        for (Table t : tables) {
            byName.put(t.decl.owner(), t);
        }
        for (int i = 0; i < n; i++) {
            String owner = Codec.readString(in);
            byte[] block = readBlock(in);
            Table t = byName.get(owner);
            if (t != null) {
                t.read(new DataInputStream(new ByteArrayInputStream(block)));
            }
        }
    }

    private static byte[] readBlock(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new IOException("corrupt snapshot: block of " + len + " bytes");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    // ---------------------------------------------------------------- internals

    private void addTimer(Table t, String key, Entry e, long time) {
        if (!e.addTimer(time)) {
            return;
        }
        liveTimers++;
        timers.add(new Timer(time, t.index, key, timerSeq++));
        if (timers.size() > 2 * liveTimers + 1024) {
            // deleted and evicted timers are dropped lazily; rebuild before they pile up
            timers.removeIf(x -> {
                Entry k = tables[x.owner].keys.get(x.key);
                return k == null || !k.hasTimer(x.time);
            });
        }
    }

    private record Timer(long time, int owner, String key, long seq) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** An entry of a map spec: the owner's key and the map's own key. */
    private record MapKey(String key, Object mapKey) {}

    /** One key's values (a slot per value spec) and its pending timer times. */
    private static final class Entry {
        final Object[] values;
        long[] timerTimes;
        int timerCount;

        Entry(int specs) {
            values = new Object[specs];
        }

        boolean hasTimer(long time) {
            for (int i = 0; i < timerCount; i++) {
                if (timerTimes[i] == time) {
                    return true;
                }
            }
            return false;
        }

        boolean addTimer(long time) {
            if (hasTimer(time)) {
                return false;
            }
            if (timerTimes == null) {
                timerTimes = new long[2];
            } else if (timerCount == timerTimes.length) {
                timerTimes = java.util.Arrays.copyOf(timerTimes, timerCount * 2);
            }
            timerTimes[timerCount++] = time;
            return true;
        }

        boolean removeTimer(long time) {
            for (int i = 0; i < timerCount; i++) {
                if (timerTimes[i] == time) {
                    timerTimes[i] = timerTimes[--timerCount];
                    return true;
                }
            }
            return false;
        }

        boolean empty() {
            if (timerCount > 0) {
                return false;
            }
            for (Object v : values) {
                if (v != null) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An owner's keys, in least-recently-used order, and one LRU map per map spec. */
    private final class Table {
        final int index;
        final Declaration decl;
        final StateSpec[] specs;
        final List<LinkedHashMap<MapKey, Object>> maps = new ArrayList<>();
        final LinkedHashMap<String, Entry> keys;
        final Ctx ctx;
        long evictedKeys;
        long evictedEntries;

        Table(int index, Declaration decl) {
            this.index = index;
            this.decl = decl;
            this.specs = decl.specs().toArray(new StateSpec[0]);
            for (StateSpec s : specs) {
                maps.add(s instanceof StateSpec.Map<?, ?> m ? newMap(m.maxEntries()) : null);
            }
            this.keys = new LinkedHashMap<>(Math.min(decl.maxKeys(), 1 << 12), 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    if (size() > Table.this.decl.maxKeys()) {
                        evictedKeys++;
                        liveTimers -= eldest.getValue().timerCount;
                        return true;
                    }
                    return false;
                }
            };
            this.ctx = new Ctx(this);
        }

        private LinkedHashMap<MapKey, Object> newMap(int max) {
            return new LinkedHashMap<>(Math.min(max, 1 << 12), 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<MapKey, Object> eldest) {
                    if (size() > max) {
                        evictedEntries++;
                        return true;
                    }
                    return false;
                }
            };
        }

        int slot(StateSpec spec) {
            for (int i = 0; i < specs.length; i++) {
                if (specs[i] == spec) {
                    return i;
                }
            }
            for (int i = 0; i < specs.length; i++) {
                if (specs[i].equals(spec)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(decl.owner() + " did not declare the state " + spec.name());
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void write(DataOutputStream out) throws IOException {
            List<String> order = new ArrayList<>(keys.keySet()); // least recently used first
            List<Entry> entries = new ArrayList<>(keys.values());
            out.writeInt(order.size());
            for (String k : order) {
                Codec.writeString(out, k);
            }
            out.writeInt(specs.length);
            for (int s = 0; s < specs.length; s++) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                DataOutputStream b = new DataOutputStream(buf);
                if (specs[s] instanceof StateSpec.Value<?> vs) {
                    for (Entry e : entries) {
                        Object v = e.values[s];
                        b.writeBoolean(v != null);
                        if (v != null) {
                            ((Codec) vs.codec()).write(b, v);
                        }
                    }
                } else {
                    StateSpec.Map<?, ?> ms = (StateSpec.Map<?, ?>) specs[s];
                    LinkedHashMap<MapKey, Object> m = maps.get(s);
                    b.writeInt(m.size());
                    for (Map.Entry<MapKey, Object> me : m.entrySet()) { // least recently used first
                        Codec.writeString(b, me.getKey().key());
                        ((Codec) ms.keyCodec()).write(b, me.getKey().mapKey());
                        ((Codec) ms.valueCodec()).write(b, me.getValue());
                    }
                }
                b.flush();
                Codec.writeString(out, specs[s].name());
                out.writeInt(buf.size());
                buf.writeTo(out);
            }
            long count = 0;
            for (Entry e : entries) {
                count += e.timerCount;
            }
            out.writeLong(count);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                for (int j = 0; j < e.timerCount; j++) {
                    out.writeInt(i);
                    out.writeLong(e.timerTimes[j]);
                }
            }
            out.flush();
        }

        void read(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("corrupt snapshot: " + n + " keys");
            }
            List<String> order = new ArrayList<>(Math.min(n, 1 << 16));
            for (int i = 0; i < n; i++) {
                order.add(Codec.readString(in));
            }
            Entry[] entries = new Entry[n];
            for (int i = 0; i < n; i++) {
                entries[i] = new Entry(specs.length);
            }
            int specCount = in.readInt();
            for (int s = 0; s < specCount; s++) {
                String name = Codec.readString(in);
                byte[] block = readBlock(in);
                for (int i = 0; i < specs.length; i++) {
                    if (specs[i].name().equals(name)) {
                        readSpec(new DataInputStream(new ByteArrayInputStream(block)), i, entries);
                    }
                }
            }
            long timerCount = in.readLong();
            List<long[]> pending = new ArrayList<>();
            for (long i = 0; i < timerCount; i++) {
                int k = in.readInt();
                long time = in.readLong();
                if (k < 0 || k >= n) {
                    throw new IOException("corrupt snapshot: timer of key " + k);
                }
                pending.add(new long[] {k, time});
            }
            for (int i = 0; i < n; i++) {
                keys.put(order.get(i), entries[i]);
            }
            for (long[] p : pending) {
                Entry e = keys.get(order.get((int) p[0]));
                if (e != null) {
                    addTimer(this, order.get((int) p[0]), e, p[1]);
                }
            }
            keys.values().removeIf(Entry::empty);
        }

        private void readSpec(DataInputStream b, int s, Entry[] entries) throws IOException {
            if (specs[s] instanceof StateSpec.Value<?> vs) {
                for (Entry e : entries) {
                    if (b.readBoolean()) {
                        e.values[s] = vs.codec().read(b);
                    }
                }
                return;
            }
            StateSpec.Map<?, ?> ms = (StateSpec.Map<?, ?>) specs[s];
            int size = b.readInt();
            if (size < 0) {
                throw new IOException("corrupt snapshot: map of " + size + " entries");
            }
            LinkedHashMap<MapKey, Object> m = maps.get(s);
            for (int i = 0; i < size; i++) {
                String key = Codec.readString(b);
                Object k = ms.keyCodec().read(b);
                m.put(new MapKey(key, k), ms.valueCodec().read(b));
            }
        }
    }

    /** The reusable context of one owner; resolves its key's entry on first use. */
    private final class Ctx implements KeyContext {
        final Table table;
        final Object[] views;
        String key;
        Entry entry;

        Ctx(Table table) {
            this.table = table;
            this.views = new Object[table.specs.length];
            for (int i = 0; i < views.length; i++) {
                views[i] = table.specs[i] instanceof StateSpec.Value<?> ? new ValueView<>(this, i)
                        : new MapView<>(this, table.maps.get(i));
            }
        }

        void reset(String k) {
            this.key = k;
            this.entry = null;
        }

        /** The key's entry, or null when it has none and {@code create} is false. */
        Entry entry(boolean create) {
            if (entry == null) {
                entry = table.keys.get(key);
                if (entry == null && create) {
                    entry = new Entry(table.specs.length);
                    table.keys.put(key, entry);
                }
            }
            return entry;
        }

        void dropIfEmpty() {
            if (entry != null && entry.empty()) {
                table.keys.remove(key);
                entry = null;
            }
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public long watermark() {
            return watermark;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> ValueState<V> value(StateSpec.Value<V> spec) {
            return (ValueState<V>) views[table.slot(spec)];
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> MapState<K, V> map(StateSpec.Map<K, V> spec) {
            return (MapState<K, V>) views[table.slot(spec)];
        }

        @Override
        public void registerTimer(long time) {
            addTimer(table, key, entry(true), time);
        }

        @Override
        public void deleteTimer(long time) {
            Entry e = entry(false);
            if (e != null && e.removeTimer(time)) {
                liveTimers--;
                dropIfEmpty();
            }
        }
    }

    private static final class ValueView<V> implements ValueState<V> {
        private final Ctx ctx;
        private final int slot;

        ValueView(Ctx ctx, int slot) {
            this.ctx = ctx;
            this.slot = slot;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V value() {
            Entry e = ctx.entry(false);
            return e == null ? null : (V) e.values[slot];
        }

        @Override
        public void update(V value) {
            if (value == null) {
                clear();
                return;
            }
            ctx.entry(true).values[slot] = value;
        }

        @Override
        public void clear() {
            Entry e = ctx.entry(false);
            if (e != null) {
                e.values[slot] = null;
                ctx.dropIfEmpty();
            }
        }
    }

    private static final class MapView<K, V> implements MapState<K, V> {
        private final Ctx ctx;
        private final LinkedHashMap<MapKey, Object> map;

        MapView(Ctx ctx, LinkedHashMap<MapKey, Object> map) {
            this.ctx = ctx;
            this.map = map;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get(K key) {
            return (V) map.get(new MapKey(ctx.key, key));
        }

        @Override
        public void put(K key, V value) {
            map.put(new MapKey(ctx.key, key), Objects.requireNonNull(value, "value"));
        }

        @Override
        public void remove(K key) {
            map.remove(new MapKey(ctx.key, key));
        }
    }
}
