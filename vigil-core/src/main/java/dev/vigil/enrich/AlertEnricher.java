package dev.vigil.enrich;

import dev.vigil.alert.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds facts from outside the logs to an alert's entities (where its client address is, whether a
 * client claiming to be a search engine's crawler is one). Enrichment runs after grouping, on the
 * alerts a scan or a watch commit is about to store and show, never on every event: lookups cost
 * far more than detection.
 *
 * <p>An enricher never drops or changes what the alert already says, and never throws on an alert:
 * a failed lookup leaves the alert as it was, or says "unknown". Implementations are thread-safe.
 */
public interface AlertEnricher {
    /** The alert with this enricher's entities added (the same alert when it has nothing to add). */
    Alert enrich(Alert alert);

    /** An enricher that adds nothing. */
    AlertEnricher NONE = a -> a;

    /** Every alert of {@code alerts} enriched, in order. */
    default List<Alert> enrichAll(List<Alert> alerts) {
        if (this == NONE) {
            return alerts;
        }
        List<Alert> out = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            Alert e;
            try {
                e = enrich(a);
            } catch (RuntimeException ex) {
                e = a; // a bug or an unreadable database entry must not lose the alert
            }
            out.add(e);
        }
        return out;
    }

    /** These enrichers one after the other. */
    static AlertEnricher chain(List<AlertEnricher> enrichers) {
        List<AlertEnricher> list = enrichers.stream().filter(e -> e != NONE).toList();
        if (list.isEmpty()) {
            return NONE;
        }
        return a -> {
            Alert x = a;
            for (AlertEnricher e : list) {
                x = e.enrich(x);
            }
            return x;
        };
    }

    /** {@code a} with {@code added} entities; entities it has already keep their value. */
    static Alert withEntities(Alert a, Map<String, String> added) {
        if (added.isEmpty()) {
            return a;
        }
        Map<String, String> m = new LinkedHashMap<>(a.entities());
        added.forEach(m::putIfAbsent);
        return new Alert(a.id(), a.type(), a.severity(), m, a.firstSeen(), a.lastSeen(), a.count(), a.rules(),
                a.evidence(), a.confidence(), a.sample(), a.sources());
    }
}
