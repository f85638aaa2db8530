package dev.vigil.store;

import java.util.List;

/**
 * One page of {@link AlertStore#page}: the alerts, and the cursor that continues after the last
 * of them, or null when no alert follows.
 *
 * <p>Immutable and thread-safe.
 */
public record AlertPage(List<StoredAlert> alerts, String nextCursor) {
    public AlertPage {
        alerts = List.copyOf(alerts);
    }
}
