package dev.vigil.pipeline;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.ScanSummary;
import dev.vigil.engine.SourceStats;
import dev.vigil.enrich.AlertEnricher;
import dev.vigil.ingest.Source;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A scan whose input ends, composed once for every caller ({@code vigil scan}, the benchmarks,
 * tests): the engine's detections grouped into alerts by an aggregator, every window closed at
 * the end of the input, then the alerts enriched. {@link Watcher} is the same composition for
 * input that does not end (windows closed by event time, alerts handed over at each commit).
 * Storing, suppression (applied by the store) and output are the caller's, with the result.
 *
 * <p>Not thread-safe: one {@link #run} at a time (the engine parallelises inside a run).
 */
public final class BatchScan {
    /**
     * What a run gave.
     *
     * @param summary      lines, events, rejected lines, problems and speed of the run
     * @param alerts       the alerts, enriched, most severe first
     * @param folded       detections folded into storm alerts because too many alerts were open
     * @param foldedByType the same by alert type, in the order of the types' names
     */
    public record Result(ScanSummary summary, List<Alert> alerts, long folded, Map<String, Long> foldedByType) {
        public Result {
            Objects.requireNonNull(summary, "summary");
            alerts = List.copyOf(alerts);
            foldedByType = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(foldedByType));
        }
    }

    private final Engine engine;
    private final Supplier<AlertAggregator> aggregators;
    private final AlertEnricher enricher;

    private BatchScan(Builder b) {
        this.engine = b.engine;
        this.aggregators = b.aggregators;
        this.enricher = b.enricher;
    }

    /** A scan with {@code engine}'s detectors. */
    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    /**
     * Scans {@code sources} to their end. Each detection is grouped first, then handed to
     * {@code listener} (which also hears of progress); an exception the listener throws ends the
     * run and reaches the caller (a reader of the output that went away).
     *
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Result run(List<Source> sources, ScanListener listener) throws InterruptedException {
        Objects.requireNonNull(listener, "listener");
        AlertAggregator aggregator = aggregators.get();
        ScanSummary summary = engine.scan(sources, new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                aggregator.add(d);
                listener.onDetection(d);
            }

            @Override
            public void onSourceDone(SourceStats stats) {
                listener.onSourceDone(stats);
            }

            @Override
            public void onProgress(long bytesRead) {
                listener.onProgress(bytesRead);
            }
        });
        List<Alert> alerts = enricher.enrichAll(aggregator.alerts());
        return new Result(summary, alerts, aggregator.folded(), aggregator.foldedByType());
    }

    /** Scans {@code sources} to their end. */
    public Result run(List<Source> sources) throws InterruptedException {
        return run(sources, new ScanListener() {
        });
    }

    /** How a {@link BatchScan} is put together. Not thread-safe. */
    public static final class Builder {
        private final Engine engine;
        private Supplier<AlertAggregator> aggregators = AlertAggregator::new;
        private AlertEnricher enricher = AlertEnricher.NONE;

        private Builder(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** How each run's alerts are grouped: a fresh aggregator per run (default: one-hour windows). */
        public Builder aggregators(Supplier<AlertAggregator> aggregators) {
            this.aggregators = Objects.requireNonNull(aggregators, "aggregators");
            return this;
        }

        /** What is added to the grouped alerts from outside the logs (default: nothing). */
        public Builder enricher(AlertEnricher enricher) {
            this.enricher = Objects.requireNonNull(enricher, "enricher");
            return this;
        }

        public BatchScan build() {
            return new BatchScan(this);
        }
    }
}
