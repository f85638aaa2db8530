package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.TriagedAlert;
import java.util.Objects;

/**
 * An alert as stored: the merged alert, its status, the rule that dismissed it (if one did) and
 * when the store first and last wrote it.
 *
 * <p>Immutable and thread-safe.
 */
public record StoredAlert(Alert alert, AlertStatus status, String suppressedBy, long createdMillis,
                          long updatedMillis) {
    public StoredAlert {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(status, "status");
    }

    public TriagedAlert triaged() {
        return new TriagedAlert(alert, status, suppressedBy);
    }
}
