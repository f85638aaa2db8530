package dev.vigil.engine;

import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The keyed stage partitioned by key across threads, as Flink's {@code keyBy} runs it: each
 * (detector, key) pair belongs to one partition, by the key's hash, and each partition is one
 * thread with its own {@link KeyedStage}, so every key still sees its events in input order and
 * state needs no lock. The engine hands over a chunk's events with their keys (worked out by its
 * workers); {@link Batch#merged} gives back the detections in the order one stage would have
 * given them (by event, then detector), so output and alert ids do not depend on the number of
 * partitions.
 *
 * <p>Each partition's watermark is the latest time it saw. Detectors treat state older than their
 * window as absent, whether or not its timer fired yet, so a partition's later timers change
 * nothing but when memory is freed.
 *
 * <p>Used by the engine's consumer thread only: {@link #submit} and {@link #newSource} in input
 * order; the partitions run the work in that order.
 */
final class KeyedPartitions {
    private final int detectorCount;
    private final KeyedStage[] stages;
    private ExecutorService[] threads;

    KeyedPartitions(List<KeyedDetector> detectors, int partitions) {
        this.detectorCount = detectors.size();
        this.stages = new KeyedStage[partitions];
        for (int p = 0; p < partitions; p++) {
            stages[p] = new KeyedStage(detectors);
        }
    }

    List<KeyedStage> stages() {
        return List.of(stages);
    }

    /** Starts the partitions' threads for one scan. */
    void open() {
        threads = new ExecutorService[stages.length];
        for (int p = 0; p < stages.length; p++) {
            String name = "vigil-keyed-" + (p + 1);
            threads[p] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    void close() {
        if (threads != null) {
            for (ExecutorService t : threads) {
                t.shutdownNow();
            }
            threads = null;
        }
    }

    /** The partition of a key among {@code n}: its hash, spread, so similar keys land apart. */
    static int partition(String key, int n) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return Math.floorMod(h, n);
    }

    /** Routes a chunk's events to the partitions that hold their keys, and starts them. */
    Batch submit(List<Event> events, String[] keys) {
        int n = detectorCount;
        int parts = stages.length;
        int[][] items = new int[parts][];
        int[] counts = new int[parts];
        for (int j = 0, size = events.size(); j < size; j++) {
            for (int k = 0; k < n; k++) {
                String key = keys[j * n + k];
                if (key == null) {
                    continue;
                }
                int p = partition(key, parts);
                if (items[p] == null) {
                    items[p] = new int[Math.max(16, size)];
                } else if (counts[p] == items[p].length) {
                    items[p] = Arrays.copyOf(items[p], counts[p] * 2);
                }
                items[p][counts[p]++] = j * n + k;
            }
        }
        @SuppressWarnings("unchecked")
        Future<Emitted>[] futures = new Future[parts];
        for (int p = 0; p < parts; p++) {
            if (counts[p] > 0) {
                KeyedStage stage = stages[p];
                int[] mine = items[p];
                int count = counts[p];
                futures[p] = threads[p].submit(() -> run(stage, events, keys, mine, count));
            }
        }
        return new Batch(futures);
    }

    private Emitted run(KeyedStage stage, List<Event> events, String[] keys, int[] items, int count) {
        int n = detectorCount;
        Emitted out = new Emitted();
        for (int i = 0; i < count; i++) {
            int code = items[i];
            int j = code / n;
            int k = code % n;
            // order: by event, timers first, then detectors in their order
            long at = (long) j * (n + 1) + k + 1;
            long timers = (long) j * (n + 1);
            stage.process(events.get(j), k, keys[code], d -> out.add(at, j, d), d -> out.add(timers, j, d));
        }
        return out;
    }

    /** The next events come from another source; queued behind the work already submitted. */
    void newSource() {
        for (int p = 0; p < stages.length; p++) {
            threads[p].submit(stages[p]::newSource);
        }
    }

    /** Detections of one partition for one chunk, in the order it made them (ascending order codes). */
    private static final class Emitted {
        long[] order = new long[8];
        int[] event = new int[8];
        final List<Detection> detections = new ArrayList<>();

        void add(long code, int j, Detection d) {
            int i = detections.size();
            if (i == order.length) {
                order = Arrays.copyOf(order, i * 2);
                event = Arrays.copyOf(event, i * 2);
            }
            order[i] = code;
            event[i] = j;
            detections.add(d);
        }
    }

    /** One chunk's work in flight on the partitions. */
    static final class Batch {
        private final Future<Emitted>[] futures;

        Batch(Future<Emitted>[] futures) {
            this.futures = futures;
        }

        boolean isDone() {
            for (Future<Emitted> f : futures) {
                if (f != null && !f.isDone()) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Waits for every partition and merges their detections into one stage's order; {@code
         * eventOf} receives each detection's event index (same order as the list).
         */
        List<Detection> merged(List<Integer> eventOf) throws InterruptedException {
            List<Emitted> parts = new ArrayList<>();
            for (Future<Emitted> f : futures) {
                if (f == null) {
                    continue;
                }
                try {
                    Emitted e = f.get();
                    if (!e.detections.isEmpty()) {
                        parts.add(e);
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a keyed partition failed", e.getCause());
                }
            }
            List<Detection> out = new ArrayList<>();
            int[] next = new int[parts.size()];
            while (true) {
                int best = -1;
                for (int p = 0; p < parts.size(); p++) {
                    Emitted e = parts.get(p);
                    if (next[p] < e.detections.size()
                            && (best < 0 || e.order[next[p]] < parts.get(best).order[next[best]])) {
                        best = p;
                    }
                }
                if (best < 0) {
                    return out;
                }
                Emitted e = parts.get(best);
                eventOf.add(e.event[next[best]]);
                out.add(e.detections.get(next[best]++));
            }
        }
    }
}
