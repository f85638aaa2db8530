package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import dev.vigil.catalogue.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incidents aggregate: {@code incidents}, the aliases of retired ids and the status history.
 * Writes are meant to run inside {@link Database#write}.
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class IncidentRepository {
    static final String ORDER = "severity_rank DESC, last_seen DESC, id";

    /** See {@link AlertStore#replaceIncidents}. */
    List<StoredIncident> replace(Connection c, List<StoredIncident> incidents, long now) throws SQLException {
        List<StoredIncident> old = query(c, "SELECT * FROM incidents ORDER BY id", null);
        List<StoredIncident> out = IncidentIds.assign(old, incidents);
        Map<String, String> retired = IncidentIds.retired(old, out);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM incidents");
        }
        insert(c, out);
        aliases(c, out, retired, now);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM incident_alerts");
        }
        members(c, out);
        return out;
    }

    /** Records which incident holds each alert ({@code incident_alerts}). */
    static void members(Connection c, List<StoredIncident> incidents) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO incident_alerts (alert_id, incident_id) VALUES (?, ?)")) {
            for (StoredIncident i : incidents) {
                for (String a : new java.util.LinkedHashSet<>(i.alertIds())) {
                    p.setString(1, a);
                    p.setString(2, i.id());
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    /** Incidents whose id is among {@code ids}: {@code sql} ends with "IN ". */
    static List<StoredIncident> queryIn(Connection c, String sql, List<String> ids) throws SQLException {
        List<StoredIncident> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql + IncidentRegrouping.placeholders(ids.size()))) {
            for (int i = 0; i < ids.size(); i++) {
                p.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    static void insert(Connection c, List<StoredIncident> incidents) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO incidents (id, title, severity, severity_rank, "
                + "outcome, narrative, alert_ids, ips, hosts, first_seen, last_seen, updated_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredIncident i : incidents) {
                p.setString(1, i.id());
                p.setString(2, i.title());
                p.setString(3, i.severity().label());
                p.setInt(4, i.severity().ordinal());
                p.setString(5, i.outcome());
                p.setString(6, i.narrative());
                p.setString(7, String.join(",", i.alertIds()));
                p.setString(8, String.join(",", i.ips()));
                p.setString(9, String.join(",", i.hosts()));
                longOrNull(p, 10, i.firstSeen());
                longOrNull(p, 11, i.lastSeen());
                p.setLong(12, i.updatedMillis());
                p.setString(13, i.status().label());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Ids in use again stop being aliases; retired ids become aliases of what took their alerts. */
    static void aliases(Connection c, List<StoredIncident> live, Map<String, String> retired, long now)
            throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM incident_aliases WHERE old_id = ?");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO incident_aliases (old_id, new_id, changed_at) VALUES (?, ?, ?)")) {
            for (StoredIncident i : live) {
                del.setString(1, i.id());
                del.addBatch();
            }
            for (String old : retired.keySet()) {
                del.setString(1, old);
                del.addBatch();
            }
            del.executeBatch();
            for (Map.Entry<String, String> r : retired.entrySet()) {
                ins.setString(1, r.getKey());
                ins.setString(2, r.getValue());
                ins.setLong(3, now);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private static void longOrNull(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    List<StoredIncident> all(Connection c) throws SQLException {
        return query(c, "SELECT * FROM incidents ORDER BY " + ORDER, null);
    }

    /** See {@link AlertStore#incident}. */
    Optional<StoredIncident> find(Connection c, String idOrPrefix) throws SQLException {
        List<StoredIncident> found = query(c, "SELECT * FROM incidents WHERE id LIKE ? ORDER BY id",
                idOrPrefix.replace("%", "").replace("_", "") + "%");
        for (StoredIncident i : found) {
            if (i.id().equals(idOrPrefix)) {
                return Optional.of(i);
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * See {@link AlertStore#incidentsOf}: one indexed lookup in {@code incident_alerts}. A database
     * migrated from before version 7 fills that table at its first regrouping; until then the
     * incidents are read whole, as before.
     */
    List<String> holding(Connection c, String alertId) throws SQLException {
        if (IncidentRegrouping.flag(c, "regroup_all")) {
            return all(c).stream().filter(i -> i.alertIds().contains(alertId)).map(StoredIncident::id).toList();
        }
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT incident_id FROM incident_alerts WHERE alert_id = ? ORDER BY incident_id")) {
            p.setString(1, alertId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    Optional<String> alias(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT new_id FROM incident_aliases WHERE old_id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String to = rs.getString(1);
                return Optional.of(to == null ? "" : to);
            }
        }
    }

    /** See {@link AlertStore#setIncidentStatus}; checked against the status this transaction sees, as for alerts. */
    StatusChange setStatus(Connection c, String id, AlertStatus to, String actor, String comment, long now)
            throws SQLException {
        AlertStatus from = StatusHistory.current(c, "incidents", id);
        if (from == null) {
            throw new IllegalArgumentException("incident " + id + " was regrouped meanwhile; look it up again");
        }
        if (!from.canBecome(to)) {
            throw StatusHistory.notAllowed("incident", id, from, to);
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?")) {
            p.setString(1, to.label());
            p.setLong(2, now);
            p.setString(3, id);
            p.executeUpdate();
        }
        return StatusHistory.INCIDENTS.insert(c, id, now, from, to, actor, comment);
    }

    static List<StoredIncident> query(Connection c, String sql, String arg) throws SQLException {
        List<StoredIncident> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static StoredIncident row(ResultSet rs) throws SQLException {
        long first = rs.getLong("first_seen");
        Long firstSeen = rs.wasNull() ? null : first;
        long last = rs.getLong("last_seen");
        Long lastSeen = rs.wasNull() ? null : last;
        return new StoredIncident(rs.getString("id"), rs.getString("title"),
                Severity.parse(rs.getString("severity")), rs.getString("outcome"),
                rs.getString("narrative"), split(rs.getString("alert_ids")), split(rs.getString("ips")),
                split(rs.getString("hosts")), firstSeen, lastSeen, rs.getLong("updated_at"),
                AlertStatus.parse(rs.getString("status")));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split(","));
    }
}
