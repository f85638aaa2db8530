package dev.vigil.engine;

import java.util.List;
import java.util.Map;

/**
 * The totals of one scan, with each source's own figures, and how often each detector failed
 * (threw on an event: that event lost that detector's verdict; empty when none did).
 *
 * <p>Immutable and thread-safe.
 */
public record ScanSummary(List<SourceStats> sources, long elapsedNanos, Map<String, Long> detectorFailures) {
    public ScanSummary {
        sources = List.copyOf(sources);
        detectorFailures = Map.copyOf(detectorFailures);
    }

    public ScanSummary(List<SourceStats> sources, long elapsedNanos) {
        this(sources, elapsedNanos, Map.of());
    }

    public long lines() {
        return sources.stream().mapToLong(SourceStats::lines).sum();
    }

    public long events() {
        return sources.stream().mapToLong(SourceStats::events).sum();
    }

    public long rejected() {
        return sources.stream().mapToLong(SourceStats::rejected).sum();
    }

    public long warnings() {
        return sources.stream().mapToLong(SourceStats::warnings).sum();
    }

    public long detections() {
        return sources.stream().mapToLong(SourceStats::detections).sum();
    }

    public long bytes() {
        return sources.stream().mapToLong(SourceStats::bytes).sum();
    }

    public long count(SourceStats.Status status) {
        return sources.stream().filter(s -> s.status() == status).count();
    }

    /** Lines per second over the whole scan. */
    public double linesPerSecond() {
        return elapsedNanos <= 0 ? 0 : lines() * 1e9 / elapsedNanos;
    }
}
