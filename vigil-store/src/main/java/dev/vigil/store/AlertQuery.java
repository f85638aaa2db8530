package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.util.Set;

/**
 * Filters for {@link AlertStore#list}; a {@code null} or empty filter does not filter.
 *
 * @param statuses    any of these statuses
 * @param minSeverity at or above this severity
 * @param type        this alert type name
 * @param sinceMillis last seen at or after this time (alerts without times are kept)
 * @param entity      an IP or host equal to it, or a URL or command line containing it
 * @param limit       at most this many, 0 for all
 *
 * <p>Immutable and thread-safe.
 */
public record AlertQuery(Set<AlertStatus> statuses, Severity minSeverity, String type, Long sinceMillis,
                         String entity, int limit) {
    public AlertQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    public static AlertQuery all() {
        return new AlertQuery(Set.of(), null, null, null, null, 0);
    }
}
