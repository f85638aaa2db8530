package dev.vigil.store;

import dev.vigil.export.webhook.WebhookTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox aggregate: deliveries still owed to a sink, per destination.
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class OutboxRepository {
    void enqueue(Connection c, String sink, String destination, String destKey, String reference, String payload,
                 String error) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO outbox (id, sink, target, dest_key, target_ref, "
                + "payload, attempts, last_error, created_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
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
            p.executeUpdate();
        }
    }

    List<OutboxDestination> destinations(Connection c, String sink) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT dest_key, MAX(target), MAX(target_ref), COUNT(*), "
                + "MIN(created_at), MAX(attempts), (SELECT o2.last_error FROM outbox o2 WHERE o2.sink = o.sink "
                + "AND o2.dest_key = o.dest_key ORDER BY o2.last_attempt_at DESC, o2.id LIMIT 1) "
                + "FROM outbox o WHERE sink = ? GROUP BY sink, dest_key ORDER BY MIN(created_at), dest_key")) {
            p.setString(1, sink);
            List<OutboxDestination> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxDestination(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getLong(5), rs.getInt(6), rs.getString(7)));
                }
            }
            return out;
        }
    }

    /** Deliveries owed to a sink, or to one destination of it when {@code destKey} is given; all when limit < 0. */
    List<OutboxEntry> entries(Connection c, String sink, String destKey, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, sink, target, dest_key, target_ref, payload, "
                + "attempts, last_error, created_at FROM outbox WHERE sink = ?"
                + (destKey == null ? "" : " AND dest_key = ?") + " ORDER BY created_at, id"
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
        try (PreparedStatement p = c.prepareStatement(destKey == null ? "DELETE FROM outbox WHERE sink = ?"
                : "DELETE FROM outbox WHERE sink = ? AND dest_key = ?")) {
            p.setString(1, sink);
            if (destKey != null) {
                p.setString(2, destKey);
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
