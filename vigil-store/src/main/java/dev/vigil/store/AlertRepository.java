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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The alerts aggregate: the {@code alerts} table and its status history. Writes are meant to run
 * inside {@link Database#write} (serialised, one transaction), reads anywhere.
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class AlertRepository {
    private static final int BATCH = 500;
    /** The list order: most recently seen first, alerts without times last; the cursor keys on it. */
    static final String LIST_ORDER = Schema.ORDER_KEY + " DESC, severity_rank DESC, id";
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
        AlertTally tally = new AlertTally();
        long longest = 0;
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
                    if (old != null) {
                        tally(tally, old.alert(), old.status(), -1);
                    }
                    tally(tally, value, status, 1);
                    longest = Math.max(longest, span(value)); // merged: the span can exceed what was read
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
        tally.apply(c);
        coverSpan(c, longest);
        return new AlertStore.UpsertResult(ins, mer, sup);
    }

    /** Counts (1) or uncounts (-1) an alert as {@link #bind} stores it, in the overview's tallies. */
    private static void tally(AlertTally t, Alert a, AlertStatus status, int sign) {
        t.count(a.type().name(), a.entities().get(AlertEntities.IP), a.entities().get(AlertEntities.HOST),
                a.lastSeen() == Event.NO_TIME ? null : a.lastSeen(), a.severity().ordinal(), status, sign);
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

    /** The full id of the alert {@link #find} would find, without reading the alert. */
    Optional<String> resolve(Connection c, String idOrPrefix) throws SQLException {
        String key = key(idOrPrefix);
        if (key == null) {
            return Optional.empty();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM alerts WHERE id = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(rs.getString(1));
                }
            }
        }
        if (key.length() < 6) {
            return Optional.empty();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM alerts WHERE id LIKE ? LIMIT 2")) {
            p.setString(1, key + "%");
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String id = rs.getString(1);
                if (rs.next()) {
                    throw new IllegalArgumentException("alert id prefix '" + idOrPrefix + "' is ambiguous; give more of it");
                }
                return Optional.of(id);
            }
        }
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

    /** One SELECT of a page: its SQL and arguments. */
    record Part(String sql, List<Object> args) {}

    /**
     * How {@link AlertStore#page} is read: one or more SELECTs, each reading an index in the list
     * order and stopping after {@code limit + 1} rows, merged in that order. Decoding the cursor
     * fails here, before any connection.
     *
     * @param parts     the reads of the timed alerts (per status when the page is read per status)
     * @param untimed   the same reads for the alerts without a time, run only when a {@code since}
     *                  filter split them off and the timed ones did not fill the page; else empty
     */
    record PageQuery(List<Part> parts, List<Part> untimed, int limit) {}

    static PageQuery pageQuery(AlertQuery q, SqlDialect dialect) {
        AlertCursor cursor = q.cursor() == null ? null : AlertCursor.decode(q.cursor());
        int want = q.limit() > 0 ? q.limit() + 1 : 0; // one more than asked: whether another page follows
        Set<AlertStatus> statuses = q.statuses().size() == AlertStatus.values().length ? Set.of() : q.statuses();
        // The index that drives the read: an equality filter's, whose rows are in the list order,
        // the most selective first (an address has few alerts, a status most of them). Several
        // statuses are read one by one, each from its own part of the status index, and merged.
        String index;
        if (q.clientIp() != null) {
            index = "alerts_ip_order";
        } else if (q.host() != null) {
            index = "alerts_host_order";
        } else if (q.type() != null) {
            index = "alerts_type_order";
        } else if (!statuses.isEmpty()) {
            index = "alerts_status_order";
        } else {
            index = "alerts_order";
        }
        if (q.activeSinceMillis() != null) {
            // "last seen or stored since": two reads, a range of the order index (last seen since)
            // and a range of alerts_created (stored since, last seen before), merged; a since
            // filter is checked on their rows
            long t = q.activeSinceMillis();
            String since = q.sinceMillis() == null ? null
                    : "(" + Schema.ORDER_KEY + " >= " + q.sinceMillis() + " OR " + Schema.ORDER_KEY + " = " + AlertCursor.UNTIMED_KEY + ")";
            List<AlertStatus> all = statuses.stream().sorted().toList();
            Part seen = part(q, all, cursor, Schema.ORDER_KEY + " >= ?" + (since == null ? "" : " AND " + since),
                    List.of(t), hint(dialect, "alerts_order"), want);
            Part stored = part(q, all, cursor, "created_at >= ? AND " + Schema.ORDER_KEY + " < ?"
                    + (since == null ? "" : " AND " + since), List.of(t, t), hint(dialect, "alerts_created"), want);
            return new PageQuery(List.of(seen, stored), List.of(), q.limit());
        }
        boolean perStatus = "alerts_status_order".equals(index) && statuses.size() > 1 && want > 0;
        List<List<AlertStatus>> arms = new ArrayList<>();
        if (perStatus) {
            statuses.stream().sorted().forEach(st -> arms.add(List.of(st)));
        } else {
            arms.add(statuses.stream().sorted().toList());
        }
        List<Part> timed = new ArrayList<>();
        List<Part> untimed = new ArrayList<>();
        for (List<AlertStatus> arm : arms) {
            if (q.sinceMillis() == null) {
                timed.add(part(q, arm, cursor, null, List.of(), hint(dialect, index), want));
            } else {
                // "last seen at or after since, or no time": two ranges of the index, so neither
                // read walks the alerts between them
                timed.add(part(q, arm, cursor, Schema.ORDER_KEY + " >= ?", List.of(q.sinceMillis()), hint(dialect, index), want));
                untimed.add(part(q, arm, cursor, Schema.ORDER_KEY + " = " + AlertCursor.UNTIMED_KEY, List.of(),
                        hint(dialect, index), want));
            }
        }
        return new PageQuery(List.copyOf(timed), List.copyOf(untimed), q.limit());
    }

    private static String hint(SqlDialect dialect, String index) {
        return index == null ? "" : dialect.indexHint(index);
    }

    private static Part part(AlertQuery q, List<AlertStatus> statuses, AlertCursor cursor, String range,
                             List<Object> rangeArgs, String hint, int want) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts" + hint + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!statuses.isEmpty()) {
            sql.append(" AND status IN (");
            int i = 0;
            for (AlertStatus s : statuses) {
                sql.append(i++ == 0 ? "?" : ", ?");
                args.add(s.label());
            }
            sql.append(')');
        }
        if (q.minSeverity() != null) {
            sql.append(" AND severity_rank >= ?");
            args.add(q.minSeverity().ordinal());
        }
        if (!q.severities().isEmpty()) {
            sql.append(" AND severity_rank IN (");
            int i = 0;
            for (Severity s : q.severities().stream().sorted().toList()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                args.add(s.ordinal());
            }
            sql.append(')');
        }
        if (q.type() != null) {
            sql.append(" AND alert_type = ?");
            args.add(q.type());
        }
        if (q.clientIp() != null) {
            sql.append(" AND client_ip = ?");
            args.add(q.clientIp());
        }
        if (q.host() != null) {
            sql.append(" AND LOWER(host) = LOWER(?)");
            args.add(q.host());
        }
        if (range != null) {
            sql.append(" AND ").append(range);
            args.addAll(rangeArgs);
        }
        if (q.untilMillis() != null) {
            // "first seen at or before until": no index answers that in the list order, but an
            // alert first seen by then was last seen at most the longest span later, which bounds
            // the range of the order index that is read (the bound is filled in at read time)
            sql.append(" AND (first_seen IS NULL OR first_seen <= ?) AND " + Schema.ORDER_KEY + " <= ?");
            args.add(q.untilMillis());
            args.add(new UntilBound(q.untilMillis()));
        }
        if (q.entity() != null && !q.entity().isEmpty()) {
            String like = "%" + q.entity().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (client_ip = ? OR LOWER(host) = LOWER(?) OR url LIKE ? ESCAPE '\\' OR process_cmd LIKE ? ESCAPE '\\')");
            args.add(q.entity());
            args.add(q.entity());
            args.add(like);
            args.add(like);
        }
        if (cursor != null) {
            sql.append(" AND ").append(cursor.after(args));
        }
        sql.append(" ORDER BY " + LIST_ORDER);
        if (want > 0) {
            sql.append(" LIMIT ").append(want);
        }
        return new Part(sql.toString(), args);
    }

    /** Binds a part's arguments, an {@link UntilBound} as its value now. */
    static void bind(Connection c, PreparedStatement p, Part part, long[] span) throws SQLException {
        for (int i = 0; i < part.args().size(); i++) {
            Object arg = part.args().get(i);
            if (arg instanceof UntilBound u) {
                if (span[0] < 0) {
                    span[0] = maxSpan(c);
                }
                long bound = u.until() + span[0];
                p.setLong(i + 1, span[0] > 0 && bound < u.until() ? Long.MAX_VALUE : bound); // saturating
            } else {
                p.setObject(i + 1, arg);
            }
        }
    }

    /** The list order on stored alerts, as {@link #LIST_ORDER} sorts rows. */
    static final Comparator<StoredAlert> IN_LIST_ORDER = Comparator
            .comparingLong((StoredAlert s) -> s.alert().lastSeen() == Event.NO_TIME ? AlertCursor.UNTIMED_KEY
                    : s.alert().lastSeen()).reversed()
            .thenComparing(Comparator.comparingInt((StoredAlert s) -> s.alert().severity().ordinal()).reversed())
            .thenComparing(s -> s.alert().id());

    /** An argument that becomes {@code until} plus the longest span of any alert ({@link #MAX_SPAN}) when read. */
    record UntilBound(long until) {}

    /**
     * The {@code store_flags} row holding the longest last-seen minus first-seen of any alert
     * stored (ms; only ever grows): what bounds an {@code until} filter's read. An alert with a
     * last-seen time but no first-seen time makes it unbounded.
     */
    static final String MAX_SPAN = "max_span";

    static long maxSpan(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT flag_value FROM store_flags WHERE name = ?")) {
            p.setString(1, MAX_SPAN);
            try (ResultSet rs = p.executeQuery()) {
                String v = rs.next() ? rs.getString(1) : null;
                return v == null ? 0 : Long.parseLong(v.trim());
            }
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // unreadable: no bound, never a wrong answer
        }
    }

    /** Raises {@link #MAX_SPAN} to cover {@code span}; inside the write transaction. */
    private static void coverSpan(Connection c, long span) throws SQLException {
        if (span <= 0 || span <= maxSpan(c)) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO store_flags (name, flag_value) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET flag_value = excluded.flag_value")) {
            p.setString(1, MAX_SPAN);
            p.setString(2, Long.toString(span));
            p.executeUpdate();
        }
    }

    private static long span(Alert a) {
        if (a.lastSeen() == Event.NO_TIME) {
            return 0; // sorts with the untimed, under any bound
        }
        return a.firstSeen() == Event.NO_TIME ? Long.MAX_VALUE : Math.max(0, a.lastSeen() - a.firstSeen());
    }

    AlertPage page(Connection c, PageQuery q) throws SQLException {
        int want = q.limit() > 0 ? q.limit() + 1 : 0;
        List<StoredAlert> out = new ArrayList<>();
        long[] span = {-1};
        for (Part p : q.parts()) {
            out.addAll(rows(c, p, span));
        }
        if (!q.untimed().isEmpty() && (want == 0 || out.size() < want)) {
            for (Part p : q.untimed()) {
                out.addAll(rows(c, p, span));
            }
        }
        if (q.parts().size() > 1 || !q.untimed().isEmpty()) {
            out.sort(IN_LIST_ORDER);
        }
        if (q.limit() > 0 && out.size() > q.limit()) {
            out = new ArrayList<>(out.subList(0, q.limit()));
            Alert last = out.get(out.size() - 1).alert();
            return new AlertPage(out, new AlertCursor(last.lastSeen() == Event.NO_TIME, last.lastSeen(),
                    last.severity().ordinal(), last.id()).encode());
        }
        return new AlertPage(out, null);
    }

    /** Runs one part; {@code span} caches {@link #maxSpan} for the page (-1: not read yet). */
    private static List<StoredAlert> rows(Connection c, Part part, long[] span) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(part.sql())) {
            bind(c, p, part, span);
            List<StoredAlert> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
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
        AlertTally tally = new AlertTally();
        StatusChange change = setStatus(c, id, to, actor, comment, now, tally);
        tally.apply(c);
        return change;
    }

    /** As {@link #setStatus}, counting the change into {@code tally}, which the caller applies. */
    StatusChange setStatus(Connection c, String id, AlertStatus to, String actor, String comment, long now,
                           AlertTally tally) throws SQLException {
        AlertStatus from;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT status, alert_type, client_ip, host, last_seen, severity_rank FROM alerts WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no alert with id '" + id + "'");
                }
                from = AlertStatus.parse(rs.getString(1));
                long last = rs.getLong(5);
                Long lastSeen = rs.wasNull() ? null : last;
                if (!from.canBecome(to)) {
                    throw StatusHistory.notAllowed("alert", id, from, to);
                }
                tally.count(rs.getString(2), rs.getString(3), rs.getString(4), lastSeen, rs.getInt(6), from, -1);
                tally.count(rs.getString(2), rs.getString(3), rs.getString(4), lastSeen, rs.getInt(6), to, 1);
            }
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
