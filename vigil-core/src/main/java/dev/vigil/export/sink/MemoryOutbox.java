package dev.vigil.export.sink;

import dev.vigil.alert.Alert;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox of a watch without a database ({@code --no-db}): the same queueing rules as the
 * store's (one row per outlet for each alert that is new or grew, in order), kept in memory, so
 * what a sink that is down is owed survives until the process ends and no longer. Bounded: past
 * {@link #MAX_PER_DESTINATION} rows a destination's oldest are dropped, and counted.
 *
 * <p>Thread-safe (the watch thread adds, each delivery loop takes its own destination's rows).
 */
public final class MemoryOutbox {
    public static final int MAX_PER_DESTINATION = 100_000;

    private final Map<String, Deque<DeliveryLoop.Pending>> rows = new HashMap<>();
    private final Map<String, Long> lastQueued = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> e) {
            return size() > 1_000_000;
        }
    };
    private long seq;
    private long dropped;

    /** Queues the updates of {@code alerts} for each outlet that wants them; returns how many rows. */
    public synchronized int add(List<Alert> alerts, List<Outlet> outlets, Instant now) {
        int n = 0;
        for (Alert a : alerts) {
            for (Outlet o : outlets) {
                String k = o.sink() + "\u0000" + o.destKey() + "\u0000" + a.id();
                Long last = lastQueued.get(k);
                if (!o.wants(a, last)) {
                    continue;
                }
                Deque<DeliveryLoop.Pending> q = rows.computeIfAbsent(o.sink() + "\u0000" + o.destKey(), x -> new ArrayDeque<>());
                if (q.size() >= MAX_PER_DESTINATION) {
                    q.pollFirst();
                    dropped++;
                }
                q.addLast(new DeliveryLoop.Pending(Long.toString(++seq), o.payload(a, last != null, now)));
                lastQueued.put(k, a.count());
                n++;
            }
        }
        return n;
    }

    /** Rows dropped because a destination owed more than {@link #MAX_PER_DESTINATION}. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Rows owed to an outlet. */
    public synchronized int pending(Outlet o) {
        Deque<DeliveryLoop.Pending> q = rows.get(o.sink() + "\u0000" + o.destKey());
        return q == null ? 0 : q.size();
    }

    /** The queue of one outlet, for its delivery loop. */
    public DeliveryLoop.Queue queue(Outlet o) {
        String key = o.sink() + "\u0000" + o.destKey();
        return new DeliveryLoop.Queue() {
            @Override
            public List<DeliveryLoop.Pending> next(int limit) {
                synchronized (MemoryOutbox.this) {
                    Deque<DeliveryLoop.Pending> q = rows.get(key);
                    List<DeliveryLoop.Pending> out = new ArrayList<>();
                    if (q != null) {
                        for (DeliveryLoop.Pending p : q) {
                            if (out.size() >= limit) {
                                break;
                            }
                            out.add(p);
                        }
                    }
                    return out;
                }
            }

            @Override
            public void delivered(List<String> ids) {
                synchronized (MemoryOutbox.this) {
                    Deque<DeliveryLoop.Pending> q = rows.get(key);
                    if (q != null) {
                        java.util.Set<String> done = new java.util.HashSet<>(ids);
                        q.removeIf(p -> done.contains(p.id()));
                    }
                }
            }

            @Override
            public void failed(String id, String error) {
                // attempts are not kept in memory: the loop reports the error
            }
        };
    }
}
