package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.export.sink.Outlet;
import dev.vigil.export.webhook.WebhookTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox aggregate: deliveries still owed to a sink, per destination.
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class OutboxRepository {
    void enqueue(Connection c, String sink, String destination, String destKey, String reference, String payload,
                 String error) throws SQLException {
        long seq = nextSeq(c, sink, destKey);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO outbox (id, sink, target, dest_key, target_ref, "
                + "payload, attempts, last_error, created_at, last_attempt_at, seq) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)")) {
            long now = System.currentTimeMillis();
            p.setString(1, UUID.randomUUID().toString());
            p.setString(2, sink);
            p.setString(3, destination);
            p.setString(4, destKey);
            p.setString(5, reference);
            p.setString(6, payload);
            p.setString(7, error);
            p.setLong(8, now);
            p.setLong(9, now);
            p.setLong(10, seq);
            p.executeUpdate();
        }
    }

    /** The next row number of a destination; run under the write lock, so no other writer takes it. */
    private static long nextSeq(Connection c, String sink, String destKey) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT MAX(seq) FROM outbox WHERE sink = ? AND " + (destKey == null ? "dest_key IS NULL" : "dest_key = ?"))) {
            p.setString(1, sink);
            if (destKey != null) {
                p.setString(2, destKey);
            }
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) + 1 : 1;
            }
        }
    }

    /**
     * Queues, for each outlet, the alerts that are new or grew since the last update queued there
     * ({@link Outlet#wants}), and remembers each one's count: inside the transaction that stores
     * the alerts, so the rows are kept exactly when the alerts are. Alerts a suppression rule
     * dismisses are left out by the caller.
     *
     * @return the number of rows queued
     */
    int queue(Connection c, List<Alert> alerts, List<Outlet> outlets, long now) throws SQLException {
        if (alerts.isEmpty() || outlets.isEmpty()) {
            return 0;
        }
        int n = 0;
        Instant at = Instant.ofEpochMilli(now);
        try (PreparedStatement last = c.prepareStatement(
                     "SELECT detections FROM sink_queued WHERE sink = ? AND dest_key = ? AND alert_id = ?");
             PreparedStatement put = c.prepareStatement("INSERT INTO sink_queued (sink, dest_key, alert_id, detections) "
                     + "VALUES (?, ?, ?, ?) ON CONFLICT (sink, dest_key, alert_id) DO UPDATE SET detections = excluded.detections");
             PreparedStatement row = c.prepareStatement("INSERT INTO outbox (id, sink, target, dest_key, target_ref, "
                     + "payload, attempts, last_error, created_at, last_attempt_at, seq) VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, NULL, ?)")) {
            Map<String, Long> seqs = new HashMap<>();
            for (Outlet o : outlets) {
                Long known = seqs.get(o.sink() + "\u0000" + o.destKey());
                long seq = known != null ? known : nextSeq(c, o.sink(), o.destKey());
                for (Alert a : alerts) {
                    last.setString(1, o.sink());
                    last.setString(2, o.destKey());
                    last.setString(3, a.id());
                    Long previous = null;
                    try (ResultSet rs = last.executeQuery()) {
                        if (rs.next()) {
                            previous = rs.getLong(1);
                        }
                    }
                    if (!o.wants(a, previous)) {
                        continue;
                    }
                    row.setString(1, UUID.randomUUID().toString());
                    row.setString(2, o.sink());
                    row.setString(3, o.destination());
                    row.setString(4, o.destKey());
                    row.setString(5, o.reference());
                    row.setString(6, o.payload(a, previous != null, at));
                    row.setLong(7, now);
                    row.setLong(8, seq++);
                    row.addBatch();
                    put.setString(1, o.sink());
                    put.setString(2, o.destKey());
                    put.setString(3, a.id());
                    put.setLong(4, a.count());
                    put.addBatch();
                    n++;
                }
                seqs.put(o.sink() + "\u0000" + o.destKey(), seq);
            }
            row.executeBatch();
            put.executeBatch();
        }
        return n;
    }

    /** Removes delivered rows, in one transaction. */
    void delivered(Connection c, List<String> ids) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (String id : ids) {
                p.setString(1, id);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    List<OutboxDestination> destinations(Connection c, String sink) throws SQLException {
        // the last error of a destination: of its most recent attempt (a row never attempted has none)
        try (PreparedStatement p = c.prepareStatement("SELECT dest_key, MAX(target), MAX(target_ref), COUNT(*), "
                + "MIN(created_at), MAX(attempts), (SELECT o2.last_error FROM outbox o2 WHERE o2.sink = o.sink "
                + "AND o2.dest_key = o.dest_key AND o2.last_attempt_at IS NOT NULL ORDER BY o2.last_attempt_at DESC, "
                + "o2.id LIMIT 1), sink FROM outbox o" + (sink == null ? "" : " WHERE sink = ?")
                + " GROUP BY sink, dest_key ORDER BY MIN(created_at), sink, dest_key")) {
            if (sink != null) {
                p.setString(1, sink);
            }
            List<OutboxDestination> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxDestination(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getLong(5), rs.getInt(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        }
    }

    /** Deliveries owed to a sink, or to one destination of it when {@code destKey} is given; all when limit < 0. */
    List<OutboxEntry> entries(Connection c, String sink, String destKey, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, sink, target, dest_key, target_ref, payload, "
                + "attempts, last_error, created_at FROM outbox WHERE sink = ?"
                + (destKey == null ? "" : " AND dest_key = ?") + " ORDER BY COALESCE(seq, 0), created_at, id"
                + (limit < 0 ? "" : " LIMIT " + limit))) {
            p.setString(1, sink);
            if (destKey != null) {
                p.setString(2, destKey);
            }
            List<OutboxEntry> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getLong(9)));
                }
            }
            return out;
        }
    }

    void result(Connection c, String entryId, boolean delivered, String error) throws SQLException {
        if (delivered) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                p.setString(1, entryId);
                p.executeUpdate();
            }
            return;
        }
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE id = ?")) {
            p.setString(1, error);
            p.setLong(2, System.currentTimeMillis());
            p.setString(3, entryId);
            p.executeUpdate();
        }
    }

    int purge(Connection c, String sink, String destKey) throws SQLException {
        String where = (sink == null ? "1 = 1" : "sink = ?") + (destKey == null ? "" : " AND dest_key = ?");
        try (PreparedStatement p = c.prepareStatement("DELETE FROM outbox WHERE " + where)) {
            int i = 1;
            if (sink != null) {
                p.setString(i++, sink);
            }
            if (destKey != null) {
                p.setString(i, destKey);
            }
            return p.executeUpdate();
        }
    }

    /**
     * Outbox rows written before version 3 kept the webhook URL as given, secrets and all: mask
     * them (the delivery stays; retrying a URL with secrets then needs it given again). Only SQLite
     * databases are that old; there secure_delete keeps the old text from lingering in free pages.
     */
    static void redactLegacy(Connection c) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, target FROM outbox WHERE dest_key IS NULL")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA secure_delete = ON");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE outbox SET target = ?, dest_key = ?, target_ref = ? WHERE id = ?")) {
            for (String[] r : rows) {
                String destination;
                String key;
                String ref;
                try {
                    WebhookTarget t = WebhookTarget.parse(r[1], n -> null);
                    destination = t.redacted();
                    key = t.key();
                    ref = t.reference();
                } catch (IllegalArgumentException e) {
                    destination = WebhookTarget.redact(r[1]);
                    key = "unreadable";
                    ref = null;
                }
                p.setString(1, destination);
                p.setString(2, key);
                p.setString(3, ref);
                p.setString(4, r[0]);
                p.addBatch();
            }
            p.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}
