package dev.vigil.alert;

import dev.vigil.detect.AlertType;
import dev.vigil.detect.Severity;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Detections of one alert type about one entity inside one time window.
 *
 * @param id          deterministic: the same logs always give the same id
 * @param type        the alert type
 * @param severity    the highest severity among its detections
 * @param entities    what the alert is about, by kind: {@code ip}, {@code host}
 * @param firstSeen   first event time (epoch ms), or {@link dev.vigil.event.Event#NO_TIME}
 * @param lastSeen    last event time (epoch ms), or {@link dev.vigil.event.Event#NO_TIME}
 * @param count       number of detections
 * @param rules       ids of the rules that matched
 * @param evidence    the first detections, bounded
 *
 * <p>Immutable and thread-safe.
 */
public record Alert(
        String id,
        AlertType type,
        Severity severity,
        Map<String, String> entities,
        long firstSeen,
        long lastSeen,
        long count,
        List<String> rules,
        List<Evidence> evidence) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        entities = Map.copyOf(entities);
        rules = List.copyOf(rules);
        evidence = List.copyOf(evidence);
        if (count < 1) {
            throw new IllegalArgumentException("an alert has at least one detection");
        }
    }
}
