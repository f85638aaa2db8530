package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.util.Set;

/**
 * Filters for {@link AlertStore#list} and {@link AlertStore#page}; a {@code null} or empty filter
 * does not filter. Every filter but {@code entity} is answered from an index that also gives the
 * list order (see {@link Schema} version 9), so a page reads only its own rows however large the
 * store is; {@code entity} (a loose match, for the command line) may read more.
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
 * @param severities  exactly one of these severities
 * @param clientIp    this client IP, exactly
 * @param host        this host (the resource), ignoring case
 * @param activeSinceMillis last seen or stored at or after this time: what can still be acted on
 *                    (read through the last-seen and stored-at indexes, not in the list order)
 *
 * <p>Immutable and thread-safe.
 */
public record AlertQuery(Set<AlertStatus> statuses, Severity minSeverity, String type, Long sinceMillis,
                         Long untilMillis, String entity, int limit, String cursor, Set<Severity> severities,
                         String clientIp, String host, Long activeSinceMillis) {
    public AlertQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        severities = severities == null ? Set.of() : Set.copyOf(severities);
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
    }

    public AlertQuery(Set<AlertStatus> statuses, Severity minSeverity, String type, Long sinceMillis,
                      Long untilMillis, String entity, int limit, String cursor) {
        this(statuses, minSeverity, type, sinceMillis, untilMillis, entity, limit, cursor, null, null, null, null);
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
        return new AlertQuery(statuses, minSeverity, type, sinceMillis, untilMillis, entity, limit, next, severities,
                clientIp, host, activeSinceMillis);
    }

    /** The same query, also filtering by exact severities, client IP and host (null or empty: not by that). */
    public AlertQuery exactly(Set<Severity> severities, String clientIp, String host) {
        return new AlertQuery(statuses, minSeverity, type, sinceMillis, untilMillis, entity, limit, cursor, severities,
                clientIp, host, activeSinceMillis);
    }

    /** The same query with another page size. */
    public AlertQuery withLimit(int limit) {
        return new AlertQuery(statuses, minSeverity, type, sinceMillis, untilMillis, entity, limit, cursor, severities,
                clientIp, host, activeSinceMillis);
    }

    /** The same query, keeping only alerts last seen or stored at or after {@code millis}. */
    public AlertQuery activeSince(long millis) {
        return new AlertQuery(statuses, minSeverity, type, sinceMillis, untilMillis, entity, limit, cursor, severities,
                clientIp, host, millis);
    }
}
