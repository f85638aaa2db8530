package dev.vigil.engine;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.detect.LazyDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.detect.behaviour.BehaviourDetectors;
import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.detect.testalert.TestAlertDetector;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The composition root: which format to read, which detectors to run, how many threads. Build one
 * with {@link #builder()}, then {@link #scan} sources.
 *
 * <p>A scan runs three kinds of thread: one reader that frames the input into chunks of whole
 * lines, worker threads that parse and run the stateless detectors, and the calling thread, which
 * takes the results in input order, runs the {@link KeyedDetector}s on each event (through a
 * {@link KeyedStage}, which holds their keyed state and timers), and hands every detection to the
 * {@link ScanListener}. Multi-line formats (auditd) are parsed on the reader
 * thread, in order. Memory stays bounded: at most a few chunks per worker are in flight.
 *
 * <p>An engine's configuration is immutable, but its keyed stage keeps state (time windows,
 * process trees, baselines) from one {@link #scan} to the next, so successive scans of
 * rotated logs continue where the last one stopped. Run one scan at a time per engine; build a
 * new engine for an unrelated input.
 */
public final class Engine {
    /** Default limit on one line's length; longer lines are counted and skipped. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
    private static final int MIN_BLOCK = 1 << 20;

    private final LineFormat format;
    private final List<Detector> detectors;
    private final List<Detector> stateless;
    private final List<KeyedDetector> keyedDetectors;
    /** The keyed stage when it runs on the consumer thread (one partition); else null. */
    private final KeyedStage keyed;
    /** The keyed stage partitioned across threads (more than one partition); else null. */
    private final KeyedPartitions partitioned;
    /** Chunks whose keyed work may be in flight on the partitions at once. */
    private static final int MAX_IN_FLIGHT = 4;
    private final int threads;
    private final int maxLineLength;
    private final int maxProblemsPerSource;
    private final String resource;

    private Engine(Builder b) {
        this.resource = b.resource;
        this.format = b.format;
        this.detectors = List.copyOf(b.detectors);
        this.stateless = detectors.stream().filter(d -> !(d instanceof KeyedDetector)).toList();
        this.keyedDetectors = detectors.stream().filter(d -> d instanceof KeyedDetector)
                .map(d -> (KeyedDetector) d).toList();
        int parts = b.partitions > 0 ? b.partitions : Math.max(1, b.threads / 2);
        this.keyed = parts == 1 ? new KeyedStage(keyedDetectors) : null;
        this.partitioned = parts > 1 && !keyedDetectors.isEmpty() ? new KeyedPartitions(keyedDetectors, parts) : null;
        this.threads = b.threads;
        this.maxLineLength = b.maxLineLength;
        this.maxProblemsPerSource = b.maxProblemsPerSource;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The longest line limit a scan with {@code threads} workers can afford within a heap of
     * {@code heapBytes}: each line is buffered in blocks of twice the limit, about three blocks
     * per worker plus two on the reader are in flight, and a worker turns the line it parses into
     * strings several times over. Half the heap is left for everything else. A limit above this
     * lets one long line exhaust the heap, and the scan of every later file with it.
     */
    public static int maxLineLengthFor(long heapBytes, int threads) {
        long perLine = 16L * Math.max(1, threads) + 4;
        long cap = heapBytes / 2 / perLine;
        return (int) Math.max(256, Math.min(256L << 20, cap));
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /**
     * A stream of events the caller brings one at a time (no reader, no workers): the same
     * detectors as {@link #scan}, with keyed state of the stream's own.
     */
    public EventStream stream(Consumer<Detection> out) {
        return new EventStream(detectors, Objects.requireNonNull(out, "out"));
    }

    /**
     * The engine over input that does not end ({@code vigil watch}): pieces of lines from many
     * sources, parsed and inspected as {@link #scan} does, with keyed state of the run's own that
     * can be snapshotted and restored. Runs on the caller's thread.
     */
    public LiveRun live(Consumer<Detection> out) {
        return new LiveRun(this, out);
    }

    LineFormat format() {
        return format;
    }

    List<Detector> statelessDetectors() {
        return stateless;
    }

    List<KeyedDetector> keyedDetectors() {
        return keyedDetectors;
    }

    int maxLineLength() {
        return maxLineLength;
    }

    int maxProblemsPerSource() {
        return maxProblemsPerSource;
    }

    String resource() {
        return resource;
    }

    /**
     * The keyed detectors' stages, one per partition: their state, failures and evictions (for
     * summaries and snapshots).
     */
    public List<KeyedStage> keyedStages() {
        return partitioned != null ? partitioned.stages() : keyed != null ? List.of(keyed) : List.of();
    }

    /**
     * Scans the sources in order. Never throws for bad input: unreadable sources, malformed lines
     * and detector failures all end up in the returned summary.
     *
     * @throws InterruptedException when the calling thread is interrupted
     */
    public ScanSummary scan(List<Source> sources, ScanListener listener) throws InterruptedException {
        Objects.requireNonNull(listener, "listener");
        long t0 = System.nanoTime();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vigil-worker-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<Object>> queue = new ArrayBlockingQueue<>(threads * 2);
        AtomicBoolean cancelled = new AtomicBoolean();
        Object endOfInput = new Object();
        int blockSize = Math.max(MIN_BLOCK, maxLineLength * 2);

        Thread reader = new Thread(() -> {
            try {
                long base = 0;
                for (Source s : sources) {
                    if (cancelled.get()) {
                        break;
                    }
                    ChunkReader r = new ChunkReader(s, format, blockSize, listener::onProgress, base,
                            maxLineLength);
                    ChunkReader.End end = r.read(chunk -> {
                        if (cancelled.get()) {
                            return false;
                        }
                        ChunkWorker w = new ChunkWorker(chunk, stateless, maxLineLength, maxProblemsPerSource,
                                keyedDetectors, resource);
                        if (chunk.sequential()) {
                            // multi-line formats carry state from chunk to chunk: run them in order, here
                            Object result;
                            try {
                                result = w.call();
                            } catch (RuntimeException e) {
                                queue.put(CompletableFuture.failedFuture(e));
                                return true;
                            }
                            queue.put(CompletableFuture.completedFuture(result));
                        } else {
                            queue.put(workers.submit(() -> (Object) w.call()));
                        }
                        return true;
                    });
                    queue.put(CompletableFuture.completedFuture(new SourceEnd(s.name(), end)));
                    base += Math.max(0, s.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // a reader bug: surface it to the consumer instead of hanging the scan
                queue.offer(CompletableFuture.failedFuture(e));
            } finally {
                try {
                    queue.put(CompletableFuture.completedFuture(endOfInput));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "vigil-reader");
        reader.setDaemon(true);
        reader.start();

        List<SourceStats> done = new ArrayList<>();
        Accumulator acc = new Accumulator(maxProblemsPerSource);
        java.util.ArrayDeque<InFlight> inFlight = new java.util.ArrayDeque<>();
        if (partitioned != null) {
            partitioned.open();
        }
        try {
            while (true) {
                Future<Object> f = queue.take();
                Object item;
                try {
                    item = f.get();
                } catch (ExecutionException e) {
                    acc.internalError(e.getCause());
                    continue;
                }
                if (item == endOfInput) {
                    drain(inFlight, 0, acc, listener);
                    break;
                }
                if (item instanceof ChunkResult r) {
                    acc.add(r);
                    if (keyedDetectors.isEmpty()) {
                        for (Detection d : r.detections()) {
                            listener.onDetection(d);
                        }
                    } else if (partitioned == null) {
                        acc.addDetections(runKeyed(r, listener));
                    } else {
                        inFlight.add(new InFlight(r, partitioned.submit(r.eventList(), r.keys())));
                        drain(inFlight, MAX_IN_FLIGHT, acc, listener);
                    }
                } else if (item instanceof SourceEnd e) {
                    drain(inFlight, 0, acc, listener);
                    SourceStats stats = acc.finish(e.source(), e.end());
                    if (partitioned != null) {
                        partitioned.newSource();
                    } else if (keyed != null) {
                        keyed.newSource();
                    }
                    done.add(stats);
                    listener.onSourceDone(stats);
                }
            }
        } catch (RuntimeException | Error e) {
            cancelled.set(true);
            reader.interrupt();
            throw e;
        } finally {
            cancelled.set(true);
            queue.clear();
            workers.shutdownNow();
            if (partitioned != null) {
                partitioned.close();
            }
        }
        reader.join();
        return new ScanSummary(done, System.nanoTime() - t0, failures(acc));
    }

    /**
     * Hands a chunk's detections to the listener with those of the keyed detectors woven in,
     * event by event, so that the output stays in input order. Returns how many the keyed
     * detectors added.
     */
    private long runKeyed(ChunkResult r, ScanListener listener) {
        List<Detection> stateless = r.detections();
        List<Event> events = r.eventList();
        String[] keys = r.keys();
        int n = keyedDetectors.size();
        int next = 0;
        long[] added = new long[1];
        Consumer<Detection> sink = d -> {
            listener.onDetection(d);
            added[0]++;
        };
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            while (next < stateless.size() && stateless.get(next).event() == e) {
                listener.onDetection(stateless.get(next++));
            }
            keyed.process(e, keys, i * n, sink);
        }
        while (next < stateless.size()) {
            listener.onDetection(stateless.get(next++));
        }
        return added[0];
    }

    /** A chunk whose keyed detections are being worked out on the partitions. */
    private record InFlight(ChunkResult result, KeyedPartitions.Batch batch) {}

    /**
     * Hands over, in input order, the chunks in flight whose partitions are done, waiting for the
     * oldest while more than {@code keep} are in flight.
     */
    private void drain(java.util.ArrayDeque<InFlight> inFlight, int keep, Accumulator acc, ScanListener listener)
            throws InterruptedException {
        while (!inFlight.isEmpty() && (inFlight.size() > keep || inFlight.peek().batch().isDone())) {
            InFlight f = inFlight.poll();
            List<Integer> eventOf = new ArrayList<>();
            List<Detection> keyedFound = f.batch().merged(eventOf);
            List<Detection> stateless = f.result().detections();
            List<Event> events = f.result().eventList();
            int next = 0;
            int k = 0;
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                while (next < stateless.size() && stateless.get(next).event() == e) {
                    listener.onDetection(stateless.get(next++));
                }
                while (k < keyedFound.size() && eventOf.get(k) == i) {
                    listener.onDetection(keyedFound.get(k++));
                }
            }
            while (next < stateless.size()) {
                listener.onDetection(stateless.get(next++));
            }
            acc.addDetections(keyedFound.size());
        }
    }

    /** Failures per detector: the stateless ones' counted by the workers, the keyed ones' by the stage. */
    private java.util.Map<String, Long> failures(Accumulator acc) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>(acc.failures);
        for (KeyedStage stage : keyedStages()) {
            stage.failures().forEach((id, f) -> out.merge(id, f.count(), Long::sum));
        }
        return out;
    }

    private record SourceEnd(String source, ChunkReader.End end) {}

    /** Sums chunk results into per-source statistics; used by the consuming thread only. */
    private static final class Accumulator {
        private final int maxProblems;
        private long lines;
        private long events;
        private long rejected;
        private long warnings;
        private long detections;
        private final List<Problem> problems = new ArrayList<>();
        /** Failures of stateless detectors over the whole scan, by detector id. */
        final java.util.Map<String, Long> failures = new java.util.HashMap<>();

        Accumulator(int maxProblems) {
            this.maxProblems = maxProblems;
        }

        void addDetections(long n) {
            detections += n;
        }

        void add(ChunkResult r) {
            lines += r.lines();
            events += r.events();
            rejected += r.rejected();
            warnings += r.warnings();
            detections += r.detections().size();
            r.failures().forEach((id, n) -> failures.merge(id, n, Long::sum));
            for (Problem p : r.problems()) {
                if (problems.size() < maxProblems) {
                    problems.add(p);
                }
            }
        }

        void internalError(Throwable t) {
            problems.add(new Problem("vigil", 0, Problem.Kind.SOURCE,
                    "internal error, some lines may be missing: " + t));
        }

        SourceStats finish(String source, ChunkReader.End end) {
            List<Problem> all = new ArrayList<>(problems);
            all.addAll(end.problems());
            SourceStats s = new SourceStats(source, end.format(), end.bytes(), lines, events, rejected,
                    warnings, detections, all, end.status());
            lines = events = rejected = warnings = detections = 0;
            problems.clear();
            return s;
        }
    }

    /** Configures an {@link Engine}. Not thread-safe. */
    public static final class Builder {
        private LineFormat format;
        private final List<Detector> detectors = new ArrayList<>();
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private int maxProblemsPerSource = 5;
        private String resource;
        private int partitions;

        private Builder() {}

        /** The resource (app or host) to name on events whose record names none; null for none. */
        public Builder resource(String name) {
            this.resource = name == null || name.isBlank() ? null : name;
            return this;
        }

        /** The input format; {@code null} (the default) sniffs each source. */
        public Builder format(LineFormat format) {
            this.format = format;
            return this;
        }

        public Builder detector(Detector d) {
            detectors.add(Objects.requireNonNull(d));
            return this;
        }

        public Builder detectors(List<? extends Detector> ds) {
            ds.forEach(this::detector);
            return this;
        }

        /**
         * The built-in detectors of this version: the test alert, the HTTP rules (stable ones), the
         * process rules (content on the workers, lineage in input order) and
         * the behaviour-over-time detectors (fresh instances, since they keep per-client state for this engine's scans).
         */
        public Builder defaultDetectors(AlertCatalogue catalogue) {
            return defaultDetectors(catalogue, false);
        }

        /** As {@link #defaultDetectors(AlertCatalogue)}, with preview rules when {@code preview} is true. */
        public Builder defaultDetectors(AlertCatalogue catalogue, boolean preview) {
            return defaultDetectors(catalogue, preview, WebWorkers.defaults());
        }

        /** As {@link #defaultDetectors(AlertCatalogue, boolean)}, judging web workers by {@code workers}. */
        public Builder defaultDetectors(AlertCatalogue catalogue, boolean preview, WebWorkers workers) {
            detector(new TestAlertDetector(catalogue));
            // compiled on the first request: a scan of process events alone never pays for it
            detector(new LazyDetector(HttpRules.ID, e -> e instanceof HttpRequest,
                    () -> HttpRules.builtIn(catalogue, preview)));
            // the same for the process rules: a scan of an access log alone never loads them
            ProcessRules.lazyDetectors(() -> ProcessRules.builtInRules(catalogue), catalogue, preview, workers)
                    .forEach(this::detector);
            BehaviourDetectors.defaults(catalogue).forEach(this::detector);
            return this;
        }

        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * Threads for the keyed (stateful) detectors, each holding the state of a share of the
         * keys; 1 runs them on the thread that takes the results. Default: half the threads.
         */
        public Builder partitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + n);
            }
            this.partitions = n;
            return this;
        }

        public Builder maxLineLength(int n) {
            if (n < 256 || n > (256 << 20)) {
                throw new IllegalArgumentException("max line length must be between 256 bytes and 256 MiB, got " + n);
            }
            this.maxLineLength = n;
            return this;
        }

        /** How many problems to keep per source for display; all are counted. */
        public Builder maxProblemsPerSource(int n) {
            this.maxProblemsPerSource = Math.max(0, n);
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }
}
