package dev.vigil.engine;

import java.util.List;

/**
 * The totals of one scan, with each source's own figures. {@code finalDetections} counts what
 * sequential detectors reported when the input ended (open windows), which belongs to no one source.
 *
 * <p>Immutable and thread-safe.
 */
public record ScanSummary(List<SourceStats> sources, long finalDetections, long elapsedNanos) {
    public ScanSummary {
        sources = List.copyOf(sources);
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
        return sources.stream().mapToLong(SourceStats::detections).sum() + finalDetections;
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
