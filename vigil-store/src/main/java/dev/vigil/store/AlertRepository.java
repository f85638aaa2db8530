package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts aggregate: the {@code alerts} table and its status history. Writes are meant to run
 * inside {@link Database#write} (serialised, one transaction), reads anywhere.
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class AlertRepository {
    private static final int BATCH = 500;
    /** The list order: most recently seen first, alerts without times last; the cursor keys on it. */
    static final String LIST_ORDER = "CASE WHEN last_seen IS NULL THEN 1 ELSE 0 END, last_seen DESC, severity_rank DESC, id";
    static final String COLUMNS = "id, alert_type, severity, severity_rank, status, confidence, first_seen, "
            + "last_seen, detections, client_ip, host, url, process_cmd, entities, rules, evidence, sources, "
            + "sample, suppressed_by, created_at, updated_at";
    private static final String UPSERT = "INSERT INTO alerts (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "severity = excluded.severity, severity_rank = excluded.severity_rank, status = excluded.status, "
            + "confidence = excluded.confidence, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
            + "detections = excluded.detections, client_ip = excluded.client_ip, host = excluded.host, "
            + "url = excluded.url, process_cmd = excluded.process_cmd, entities = excluded.entities, "
            + "rules = excluded.rules, evidence = excluded.evidence, sources = excluded.sources, "
            + "sample = excluded.sample, suppressed_by = excluded.suppressed_by, updated_at = excluded.updated_at";

    /**
     * See {@link AlertStore#upsert}. Reads the stored versions inside the transaction, so under the
     * write lock the merge starts from the last committed state.
     */
    AlertStore.UpsertResult upsert(Connection c, List<Alert> all, Suppressor suppressor, String actor, long now)
            throws SQLException {
        int ins = 0;
        int mer = 0;
        int sup = 0;
        try (PreparedStatement up = c.prepareStatement(UPSERT); PreparedStatement hist = StatusHistory.ALERTS.prepare(c)) {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<Alert> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
                Map<String, StoredAlert> existing = load(c, chunk);
                for (Alert a : chunk) {
                    StoredAlert old = existing.get(a.id());
                    Alert value = old == null ? a : AlertMerge.merge(old.alert(), a);
                    AlertStatus status = old == null ? AlertStatus.ACTIVE : old.status();
                    String by = old == null ? null : old.suppressedBy();
                    if (status == AlertStatus.ACTIVE && !value.sample()) {
                        Optional<SuppressionRule> rule = suppressor.match(value);
                        if (rule.isPresent()) {
                            by = rule.get().id();
                            StatusHistory.add(hist, a.id(), now, old == null ? null : AlertStatus.ACTIVE,
                                    AlertStatus.DISMISSED, actor, "suppressed by rule " + by + ": " + rule.get().reason());
                            status = AlertStatus.DISMISSED;
                            sup++;
                        }
                    }
                    bind(up, value, status, by, old == null ? now : old.createdMillis(), now);
                    up.addBatch();
                    if (old == null) {
                        ins++;
                    } else {
                        mer++;
                    }
                }
                up.executeBatch();
                hist.executeBatch();
                pending(c, chunk.stream().map(Alert::id).toList());
            }
        }
        return new AlertStore.UpsertResult(ins, mer, sup);
    }

    /** Marks alerts to be regrouped into incidents ({@link IncidentRegrouping}). */
    static void pending(Connection c, List<String> ids) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO incident_pending (alert_id) VALUES (?) ON CONFLICT (alert_id) DO NOTHING")) {
            for (String id : ids) {
                p.setString(1, id);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static Map<String, StoredAlert> load(Connection c, List<Alert> chunk) throws SQLException {
        Map<String, StoredAlert> out = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE id IN (");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < chunk.size(); i++) {
                p.setString(i + 1, chunk.get(i).id());
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    StoredAlert s = read(rs);
                    out.put(s.alert().id(), s);
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement p, Alert a, AlertStatus status, String suppressedBy, long created,
                             long updated) throws SQLException {
        p.setString(1, a.id());
        p.setString(2, a.type().name());
        p.setString(3, a.severity().label());
        p.setInt(4, a.severity().ordinal());
        p.setString(5, status.label());
        p.setInt(6, a.confidence());
        time(p, 7, a.firstSeen());
        time(p, 8, a.lastSeen());
        p.setLong(9, a.count());
        p.setString(10, a.entities().get(AlertEntities.IP));
        p.setString(11, a.entities().get(AlertEntities.HOST));
        p.setString(12, a.entities().get(AlertEntities.URL));
        p.setString(13, a.entities().get(AlertEntities.PROCESS_COMMAND_LINE));
        p.setString(14, AlertCodec.json(a.entities()));
        p.setString(15, AlertCodec.json(a.rules()));
        p.setString(16, AlertCodec.evidenceJson(a.evidence()));
        p.setString(17, AlertCodec.json(a.sources()));
        p.setBoolean(18, a.sample());
        p.setString(19, suppressedBy);
        p.setLong(20, created);
        p.setLong(21, updated);
    }

    private static void time(PreparedStatement p, int i, long t) throws SQLException {
        if (t == Event.NO_TIME) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, t);
        }
    }

    static StoredAlert read(ResultSet rs) throws SQLException {
        Severity sev = Severity.parse(rs.getString("severity"));
        long first = rs.getLong("first_seen");
        if (rs.wasNull()) {
            first = Event.NO_TIME;
        }
        long last = rs.getLong("last_seen");
        if (rs.wasNull()) {
            last = Event.NO_TIME;
        }
        Alert a = new Alert(rs.getString("id"), AlertCodec.type(rs.getString("alert_type"), sev), sev,
                AlertCodec.stringMap(rs.getString("entities")), first, last, rs.getLong("detections"),
                AlertCodec.strings(rs.getString("rules")), AlertCodec.evidence(rs.getString("evidence")),
                rs.getInt("confidence"), rs.getBoolean("sample"), AlertCodec.longMap(rs.getString("sources")));
        return new StoredAlert(a, AlertStatus.parse(rs.getString("status")), rs.getString("suppressed_by"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    /** The key {@link #find} looks up, or null when it cannot be an alert id. */
    static String key(String idOrPrefix) {
        String key = idOrPrefix.trim().toLowerCase(Locale.ROOT);
        return key.matches("[0-9a-f]{1,64}") ? key : null;
    }

    /** See {@link AlertStore#find}. */
    Optional<StoredAlert> find(Connection c, String idOrPrefix) throws SQLException {
        String key = key(idOrPrefix);
        if (key == null) {
            return Optional.empty();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(read(rs));
                }
            }
        }
        if (key.length() < 6) {
            return Optional.empty();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id LIKE ? LIMIT 2")) {
            p.setString(1, key + "%");
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                StoredAlert s = read(rs);
                if (rs.next()) {
                    throw new IllegalArgumentException("alert id prefix '" + idOrPrefix + "' is ambiguous; give more of it");
                }
                return Optional.of(s);
            }
        }
    }

    /** The SQL and arguments of {@link AlertStore#page}; decoding the cursor fails here, before any connection. */
    record PageQuery(String sql, List<Object> args, int limit) {}

    static PageQuery pageQuery(AlertQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            sql.append(" AND status IN (");
            int i = 0;
            for (AlertStatus s : q.statuses()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                args.add(s.label());
            }
            sql.append(')');
        }
        if (q.minSeverity() != null) {
            sql.append(" AND severity_rank >= ?");
            args.add(q.minSeverity().ordinal());
        }
        if (q.type() != null) {
            sql.append(" AND alert_type = ?");
            args.add(q.type());
        }
        if (q.sinceMillis() != null) {
            sql.append(" AND (last_seen IS NULL OR last_seen >= ?)");
            args.add(q.sinceMillis());
        }
        if (q.untilMillis() != null) {
            sql.append(" AND (first_seen IS NULL OR first_seen <= ?)");
            args.add(q.untilMillis());
        }
        if (q.entity() != null && !q.entity().isEmpty()) {
            String like = "%" + q.entity().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (client_ip = ? OR LOWER(host) = LOWER(?) OR url LIKE ? ESCAPE '\\' OR process_cmd LIKE ? ESCAPE '\\')");
            args.add(q.entity());
            args.add(q.entity());
            args.add(like);
            args.add(like);
        }
        if (q.cursor() != null) {
            sql.append(" AND ").append(AlertCursor.decode(q.cursor()).after(args));
        }
        sql.append(" ORDER BY " + LIST_ORDER);
        if (q.limit() > 0) {
            // one more than asked: whether another page follows
            sql.append(" LIMIT ").append(q.limit() + 1);
        }
        return new PageQuery(sql.toString(), args, q.limit());
    }

    AlertPage page(Connection c, PageQuery q) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.args().size(); i++) {
                p.setObject(i + 1, q.args().get(i));
            }
            List<StoredAlert> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            if (q.limit() > 0 && out.size() > q.limit()) {
                out = out.subList(0, q.limit());
                Alert last = out.get(out.size() - 1).alert();
                return new AlertPage(out, new AlertCursor(last.lastSeen() == Event.NO_TIME, last.lastSeen(),
                        last.severity().ordinal(), last.id()).encode());
            }
            return new AlertPage(out, null);
        }
    }

    /** The columns incidents are built from: no evidence, no per-source counts. */
    static final String LIGHT_COLUMNS = COLUMNS.replace("evidence,", "'[]' AS evidence,")
            .replace("sources,", "'{}' AS sources,");
    /** Alerts that can be in an incident: not dismissed, not samples. */
    static final String GROUPABLE = "status <> 'Dismissed' AND sample = ?";

    /** The groupable alerts among {@code ids}, without evidence. */
    List<Alert> groupable(Connection c, java.util.Collection<String> ids) throws SQLException {
        return lightWhere(c, "id", new ArrayList<>(ids));
    }

    /** The groupable alerts whose {@code column} (client_ip, host) is one of {@code values}, without evidence. */
    List<Alert> lightWhere(Connection c, String column, List<String> values) throws SQLException {
        List<Alert> out = new ArrayList<>();
        for (int from = 0; from < values.size(); from += BATCH) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + BATCH));
            StringBuilder sql = new StringBuilder("SELECT " + LIGHT_COLUMNS + " FROM alerts WHERE " + GROUPABLE
                    + " AND " + column + " IN (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                p.setBoolean(1, false);
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs).alert());
                    }
                }
            }
        }
        return out;
    }

    /** See {@link AlertStore#alertsForIncidents}. */
    List<Alert> forIncidents(Connection c, int limit) throws SQLException {
        String cols = COLUMNS.replace("evidence,", "'[]' AS evidence,").replace("sources,", "'{}' AS sources,");
        try (PreparedStatement p = c.prepareStatement("SELECT " + cols + " FROM alerts WHERE status <> ? "
                + "AND sample = ? ORDER BY " + LIST_ORDER.replace(", severity_rank DESC", "") + " LIMIT ?")) {
            p.setString(1, AlertStatus.DISMISSED.label());
            p.setBoolean(2, false);
            p.setInt(3, Math.max(0, limit));
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs).alert());
                }
            }
            return out;
        }
    }

    /**
     * See {@link AlertStore#setStatus}. The status read before the transaction may be stale: a
     * scan's suppression rule or another analyst can have changed it since. The change is checked
     * against what this transaction sees, under the write lock, so none is lost or recorded from a
     * status the alert no longer had.
     */
    StatusChange setStatus(Connection c, String id, AlertStatus to, String actor, String comment, long now)
            throws SQLException {
        AlertStatus from = StatusHistory.current(c, "alerts", id);
        if (from == null) {
            throw new IllegalArgumentException("no alert with id '" + id + "'");
        }
        if (!from.canBecome(to)) {
            throw StatusHistory.notAllowed("alert", id, from, to);
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET status = ?, updated_at = ?, "
                + "suppressed_by = CASE WHEN ? = 'Active' THEN NULL ELSE suppressed_by END WHERE id = ?")) {
            p.setString(1, to.label());
            p.setLong(2, now);
            p.setString(3, to.label());
            p.setString(4, id);
            p.executeUpdate();
        }
        pending(c, List.of(id)); // a dismissed alert leaves its incident, a reopened one joins again
        return StatusHistory.ALERTS.insert(c, id, now, from, to, actor, comment);
    }
}
