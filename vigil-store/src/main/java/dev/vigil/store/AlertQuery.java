package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.util.Set;

/**
 * Filters for {@link AlertStore#list} and {@link AlertStore#page}; a {@code null} or empty filter
 * does not filter.
 *
 * @param statuses    any of these statuses
 * @param minSeverity at or above this severity
 * @param type        this alert type name
 * @param sinceMillis last seen at or after this time (alerts without times are kept)
 * @param untilMillis first seen at or before this time (alerts without times are kept)
 * @param entity      an IP or host equal to it, or a URL or command line containing it
 * @param limit       at most this many, 0 for all
 * @param cursor      start after the alert this cursor names ({@link AlertPage#nextCursor}), or null
 *                    for the first page
 *
 * <p>Immutable and thread-safe.
 */
public record AlertQuery(Set<AlertStatus> statuses, Severity minSeverity, String type, Long sinceMillis,
                         Long untilMillis, String entity, int limit, String cursor) {
    public AlertQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
    }

    /** A first page (or all, with limit 0), no {@code untilMillis}. */
    public AlertQuery(Set<AlertStatus> statuses, Severity minSeverity, String type, Long sinceMillis, String entity,
                      int limit) {
        this(statuses, minSeverity, type, sinceMillis, null, entity, limit, null);
    }

    public static AlertQuery all() {
        return new AlertQuery(Set.of(), null, null, null, null, 0);
    }

    /** The same filters, starting after {@code next} (a page's {@link AlertPage#nextCursor}). */
    public AlertQuery after(String next) {
        return new AlertQuery(statuses, minSeverity, type, sinceMillis, untilMillis, entity, limit, next);
    }
}
