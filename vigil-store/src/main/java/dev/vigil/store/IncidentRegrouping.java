package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.event.Event;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentCorrelator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Regroups incidents from the alerts stored or triaged since the last regrouping (the
 * {@code incident_pending} table), recomputing only the incidents they touch; the result is the
 * one a full recomputation of every stored alert would give.
 *
 * <p>Why that holds: the correlator's incidents are the connected groups of a graph whose edges
 * ({@link IncidentCorrelator#linked}) depend on the two alerts alone. An edge between two alerts
 * neither of which changed is as it was, so a group without changed alerts, and not linked to
 * one, is a stored incident that stays as it is. The part recomputed is the changed alerts, the
 * unchanged alerts they link to, and every alert of the stored incidents holding either: no edge
 * leaves that part except to alerts whose incidents are untouched. Ids are then kept as
 * {@link IncidentIds} keeps them, with the untouched incidents' ids reserved, and the order the
 * part is correlated in is the full recomputation's (most recently seen first), so ties fall the
 * same way.
 *
 * <p>The first regrouping after the migration that added this (flag {@code regroup_all}) is a
 * full one, over the most recently seen {@code fullLimit} alerts, as every regrouping was before.
 *
 * <p>Stateless and thread-safe; runs inside one {@link Database#write} transaction.
 */
final class IncidentRegrouping {
    private static final int BATCH = 500;
    /** The full recomputation's order ({@link AlertRepository#forIncidents}). */
    static final Comparator<Alert> ORDER = Comparator.comparing((Alert a) -> a.lastSeen() == Event.NO_TIME)
            .thenComparing(Comparator.comparingLong(Alert::lastSeen).reversed()).thenComparing(Alert::id);

    private final AlertRepository alerts;
    private final IncidentRepository incidents;

    IncidentRegrouping(AlertRepository alerts, IncidentRepository incidents) {
        this.alerts = alerts;
        this.incidents = incidents;
    }

    /** The incidents recomputed, in the correlator's order, with the ids the store kept. */
    List<Incident> regroup(Connection c, IncidentCorrelator correlator, int fullLimit, long now) throws SQLException {
        if (flag(c, "regroup_all")) {
            List<Incident> computed = correlator.correlate(alerts.forIncidents(c, fullLimit));
            List<StoredIncident> kept = incidents.replace(c, stored(computed, now), now);
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM incident_pending");
                s.execute("DELETE FROM store_flags WHERE name = 'regroup_all'");
            }
            return withIds(computed, kept);
        }
        List<String> pending = column(c, "SELECT alert_id FROM incident_pending ORDER BY alert_id");
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Alert> changed = alerts.groupable(c, pending);
        Set<String> seeds = new LinkedHashSet<>(pending);
        seeds.addAll(linkedTo(c, correlator, changed));
        Set<String> affectedIds = new LinkedHashSet<>(in(c, "SELECT DISTINCT incident_id FROM incident_alerts WHERE alert_id IN ", seeds));
        List<StoredIncident> affected = loadIncidents(c, affectedIds);
        Set<String> part = new LinkedHashSet<>(seeds);
        for (StoredIncident i : affected) {
            part.addAll(i.alertIds());
        }
        List<Alert> group = new ArrayList<>(alerts.groupable(c, part));
        group.sort(ORDER);
        List<Incident> computed = correlator.correlate(group);

        Set<String> reserved = new HashSet<>(column(c, "SELECT id FROM incidents"));
        reserved.removeAll(affectedIds);
        List<StoredIncident> out = IncidentIds.assign(affected, stored(computed, now), reserved);
        Map<String, String> retired = IncidentIds.retired(affected, out);
        update(c, "DELETE FROM incidents WHERE id IN ", affectedIds);
        IncidentRepository.insert(c, out);
        IncidentRepository.aliases(c, out, retired, now);
        update(c, "DELETE FROM incident_alerts WHERE incident_id IN ", affectedIds);
        update(c, "DELETE FROM incident_alerts WHERE alert_id IN ", part);
        IncidentRepository.members(c, out);
        update(c, "DELETE FROM incident_pending WHERE alert_id IN ", pending);
        return withIds(computed, out);
    }

    /** The ids of unchanged groupable alerts that a changed one links to (same address, or on its host). */
    private Set<String> linkedTo(Connection c, IncidentCorrelator correlator, List<Alert> changed) throws SQLException {
        Map<String, Alert> byId = new HashMap<>();
        Set<String> ips = new LinkedHashSet<>();
        Map<String, List<Alert>> onHost = new LinkedHashMap<>();
        for (Alert a : changed) {
            byId.put(a.id(), a);
            if (a.type().test()) {
                continue;
            }
            String ip = a.entities().get("ip");
            if (ip != null) {
                ips.add(ip);
            }
            if (correlator.linksOnHost(a)) {
                onHost.computeIfAbsent(a.entities().get("host"), k -> new ArrayList<>()).add(a);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (Alert n : alerts.lightWhere(c, "client_ip", new ArrayList<>(ips))) {
            if (!byId.containsKey(n.id()) && !n.type().test()) {
                out.add(n.id()); // same address as a changed alert that is no test alert
            }
        }
        for (Alert n : alerts.lightWhere(c, "host", new ArrayList<>(onHost.keySet()))) {
            if (byId.containsKey(n.id()) || out.contains(n.id())) {
                continue;
            }
            for (Alert a : onHost.get(n.entities().get("host"))) {
                if (correlator.linked(a, n)) {
                    out.add(n.id());
                    break;
                }
            }
        }
        return out;
    }

    private static List<StoredIncident> stored(List<Incident> computed, long now) {
        return computed.stream().map(i -> StoredIncident.of(i, now)).toList();
    }

    /** The computed incidents under the ids the store kept (stable across scans). */
    static List<Incident> withIds(List<Incident> computed, List<StoredIncident> kept) {
        List<Incident> out = new ArrayList<>(computed.size());
        for (int i = 0; i < computed.size(); i++) {
            Incident x = computed.get(i);
            out.add(new Incident(kept.get(i).id(), x.title(), x.severity(), x.outcome(), x.narrative(), x.alerts(),
                    x.ips(), x.hosts(), x.firstSeen(), x.lastSeen()));
        }
        return out;
    }

    static boolean flag(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM store_flags WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<StoredIncident> loadIncidents(Connection c, Collection<String> ids) throws SQLException {
        List<StoredIncident> out = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            out.addAll(IncidentRepository.queryIn(c, "SELECT * FROM incidents WHERE id IN ", chunk));
        }
        out.sort(Comparator.comparing(StoredIncident::id)); // the order replace() reads them in
        return out;
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The first column of {@code sql + "(?, ...)"} over {@code values}, in chunks. */
    private static List<String> in(Connection c, String sql, Collection<String> values) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> all = new ArrayList<>(values);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            try (PreparedStatement p = c.prepareStatement(sql + placeholders(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private static void update(Connection c, String sql, Collection<String> values) throws SQLException {
        List<String> all = new ArrayList<>(values);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            try (PreparedStatement p = c.prepareStatement(sql + placeholders(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i));
                }
                p.executeUpdate();
            }
        }
    }

    static String placeholders(int n) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ", ?");
        }
        return b.append(')').toString();
    }
}
