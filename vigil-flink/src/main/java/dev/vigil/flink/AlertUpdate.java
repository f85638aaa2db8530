package dev.vigil.flink;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One alert as it stands after it was raised or grew: its id and figures, and the whole alert as
 * the bytes of a one-alert {@link AlertAggregator#snapshot} (so it crosses Flink's network with
 * plain types and no serializer of Vigil's classes, and is rebuilt with the core's own code).
 *
 * @param id           the alert's deterministic id, as {@code vigil scan} gives it
 * @param type         the alert type's name
 * @param count        detections so far
 * @param firstSeen    time of the first detection (epoch ms), or {@code Event.NO_TIME}
 * @param lastSeen     time of the last detection
 * @param group        the one-alert aggregator snapshot
 * @param ingestMillis when the line that last changed the alert entered Kafka (for delay figures)
 */
public record AlertUpdate(String id, String type, long count, long firstSeen, long lastSeen, byte[] group,
                          long ingestMillis) {
    /** The alert, rebuilt from its snapshot with the built-in alert types. */
    public Alert alert() {
        AlertAggregator a = new AlertAggregator();
        try {
            a.restore(new DataInputStream(new ByteArrayInputStream(group)), AlertCatalogue.builtIn()::find);
        } catch (IOException e) {
            throw new UncheckedIOException("an alert snapshot that does not read: " + e.getMessage(), e);
        }
        List<Alert> all = a.alerts();
        if (all.size() != 1) {
            throw new IllegalStateException("an alert snapshot with " + all.size() + " alerts, expected one");
        }
        return all.get(0);
    }
}
