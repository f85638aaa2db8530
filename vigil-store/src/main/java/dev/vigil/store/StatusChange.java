package dev.vigil.store;

import dev.vigil.alert.AlertStatus;

/**
 * One row of an alert's triage history.
 *
 * @param from    the status before, or {@code null} when the alert was stored already dismissed
 * @param comment may be empty
 *
 * <p>Immutable and thread-safe.
 */
public record StatusChange(String alertId, int seq, long timeMillis, AlertStatus from, AlertStatus to,
                           String actor, String comment) {}
