package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Evidence;
import dev.vigil.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges two versions of one alert (same id). Counts are kept per source and merged by maximum,
 * not sum: a rescan of the same file, or a rerun of an interrupted scan, sees the same detections
 * again and must not count them twice; a new file adds its own count.
 *
 * <p>Static and thread-safe.
 */
final class AlertMerge {
    /** Evidence kept per stored alert. */
    static final int MAX_EVIDENCE = AlertStore.EVIDENCE_KEPT;

    private AlertMerge() {}

    static Alert merge(Alert old, Alert neu) {
        Map<String, Long> sources = new LinkedHashMap<>(old.sources());
        neu.sources().forEach((k, v) -> sources.merge(k, v, Math::max));
        long count = sources.isEmpty() ? Math.max(old.count(), neu.count())
                : Math.max(1, sources.values().stream().mapToLong(Long::longValue).sum());
        Set<String> rules = new LinkedHashSet<>(old.rules());
        rules.addAll(neu.rules());
        Map<String, String> entities = new LinkedHashMap<>(old.entities());
        neu.entities().forEach(entities::putIfAbsent);
        int confidence = Math.max(Math.max(old.confidence(), neu.confidence()),
                Alert.confidence(old.type(), count, rules.size()));
        return new Alert(old.id(), old.type(),
                old.severity().compareTo(neu.severity()) >= 0 ? old.severity() : neu.severity(),
                entities, min(old.firstSeen(), neu.firstSeen()), max(old.lastSeen(), neu.lastSeen()),
                count, new ArrayList<>(rules), evidence(old.evidence(), neu.evidence()), confidence,
                old.sample() && neu.sample(), sources);
    }

    private static List<Evidence> evidence(List<Evidence> a, List<Evidence> b) {
        Map<String, Evidence> byLine = new LinkedHashMap<>();
        for (List<Evidence> l : List.of(a, b)) {
            for (Evidence e : l) {
                byLine.putIfAbsent(e.source() + '\u0000' + e.line() + '\u0000' + e.ruleId() + '\u0000' + e.field(), e);
            }
        }
        List<Evidence> out = new ArrayList<>(byLine.values());
        // Earliest first, so the sample is the same whatever order files were scanned in.
        out.sort(Comparator.comparingLong((Evidence e) -> e.timeMillis() == Event.NO_TIME ? Long.MAX_VALUE : e.timeMillis())
                .thenComparing(Evidence::source).thenComparingLong(Evidence::line).thenComparing(Evidence::ruleId));
        return out.size() > MAX_EVIDENCE ? new ArrayList<>(out.subList(0, MAX_EVIDENCE)) : out;
    }

    private static long min(long a, long b) {
        return a == Event.NO_TIME ? b : b == Event.NO_TIME ? a : Math.min(a, b);
    }

    private static long max(long a, long b) {
        return a == Event.NO_TIME ? b : b == Event.NO_TIME ? a : Math.max(a, b);
    }
}
