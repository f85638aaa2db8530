package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Counts over every stored alert, for an overview ({@link AlertStore#summary}): kept by the store
 * as alerts are written, so reading them costs the same however many alerts there are. "Open"
 * is Active or InProgress.
 *
 * @param total          alerts stored
 * @param byStatus       alerts per status (every status present, zero included)
 * @param openBySeverity open alerts per severity (every severity present)
 * @param latestDay      the UTC day of the most recent last-seen time of any alert, or null when no
 *                       alert has a time
 * @param openByDay      open alerts per UTC day of last activity and severity, for the days asked
 *                       for, ending at {@code latestDay} (every day and severity present), oldest first
 * @param topTypes       alert types with the most open alerts, most first (then by name)
 * @param topIps         client IPs with the most open alerts
 * @param topHosts       hosts (resources) with the most open alerts
 *
 * <p>Immutable and thread-safe.
 */
public record AlertSummary(long total, Map<AlertStatus, Long> byStatus, Map<Severity, Long> openBySeverity,
                           LocalDate latestDay, SortedMap<LocalDate, Map<Severity, Long>> openByDay,
                           List<Count> topTypes, List<Count> topIps, List<Count> topHosts) {
    /** A value and how many open alerts have it. */
    public record Count(String value, long count) {}
}
