package dev.vigil.alert;

import java.util.Objects;

/**
 * An alert with its triage state, as a store keeps it and the exporters write it.
 *
 * @param alert        the alert
 * @param status       its status
 * @param suppressedBy the id of the suppression rule that dismissed it, or {@code null}
 *
 * <p>Immutable and thread-safe.
 */
public record TriagedAlert(Alert alert, AlertStatus status, String suppressedBy) {
    public TriagedAlert {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(status, "status");
    }

    /** A fresh alert nobody has looked at. */
    public static TriagedAlert active(Alert a) {
        return new TriagedAlert(a, AlertStatus.ACTIVE, null);
    }
}
