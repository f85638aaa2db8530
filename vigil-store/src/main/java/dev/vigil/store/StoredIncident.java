package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.util.List;
import java.util.Objects;

/**
 * An incident as stored: its story, the ids of its alerts (the alerts themselves live in the
 * alerts table) and its triage status. Built from {@link dev.vigil.incident.Incident}; the store
 * may give it the id of the stored incident it continues (see {@link AlertStore#replaceIncidents}).
 *
 * <p>Immutable and thread-safe.
 */
public record StoredIncident(String id, String title, Severity severity, String outcome, String narrative,
                             List<String> alertIds, List<String> ips, List<String> hosts, Long firstSeen,
                             Long lastSeen, long updatedMillis, AlertStatus status) {
    public StoredIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        alertIds = List.copyOf(alertIds);
        ips = List.copyOf(ips);
        hosts = List.copyOf(hosts);
        status = status == null ? AlertStatus.ACTIVE : status;
    }

    public static StoredIncident of(dev.vigil.incident.Incident i, long now) {
        return new StoredIncident(i.id(), i.title(), i.severity(), i.outcome().label(), i.narrative(),
                i.alerts().stream().map(dev.vigil.alert.Alert::id).toList(), List.copyOf(i.ips()),
                List.copyOf(i.hosts()), i.firstSeen() == dev.vigil.event.Event.NO_TIME ? null : i.firstSeen(),
                i.lastSeen() == dev.vigil.event.Event.NO_TIME ? null : i.lastSeen(), now, AlertStatus.ACTIVE);
    }

    public StoredIncident withId(String newId, AlertStatus newStatus) {
        return new StoredIncident(newId, title, severity, outcome, narrative, alertIds, ips, hosts, firstSeen, lastSeen,
                updatedMillis, newStatus);
    }
}
