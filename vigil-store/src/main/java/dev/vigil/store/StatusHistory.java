package dev.vigil.store;

import dev.vigil.alert.AlertStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A status history table ({@code alert_history}, {@code incident_history}): rows numbered by the
 * database ({@code seq}, see {@link Schema} version 6), so concurrent writers never take the same
 * number, read back oldest first.
 *
 * <p>Immutable and thread-safe; the connection is the caller's.
 */
final class StatusHistory {
    static final StatusHistory ALERTS = new StatusHistory("alert_history", "alert_id");
    static final StatusHistory INCIDENTS = new StatusHistory("incident_history", "incident_id");

    private final String table;
    private final String idColumn;
    private final String insert;

    private StatusHistory(String table, String idColumn) {
        this.table = table;
        this.idColumn = idColumn;
        this.insert = "INSERT INTO " + table + " (" + idColumn + ", changed_at, from_status, to_status, actor, comment) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
    }

    /** A statement for {@link #add} batches. */
    PreparedStatement prepare(Connection c) throws SQLException {
        return c.prepareStatement(insert);
    }

    /** Adds one row to a batch of {@link #prepare}. */
    static void add(PreparedStatement p, String id, long now, AlertStatus from, AlertStatus to, String actor,
                    String comment) throws SQLException {
        bind(p, id, now, from, to, actor, comment);
        p.addBatch();
    }

    /** Inserts one row and returns the change with the number the database gave it. */
    StatusChange insert(Connection c, String id, long now, AlertStatus from, AlertStatus to, String actor,
                        String comment) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(insert + " RETURNING seq")) {
            bind(p, id, now, from, to, actor, comment);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new StatusChange(id, rs.getInt(1), now, from, to, actor == null ? "" : actor,
                        comment == null ? "" : comment);
            }
        }
    }

    private static void bind(PreparedStatement p, String id, long now, AlertStatus from, AlertStatus to, String actor,
                             String comment) throws SQLException {
        p.setString(1, id);
        p.setLong(2, now);
        p.setString(3, from == null ? null : from.label());
        p.setString(4, to.label());
        p.setString(5, actor == null ? "" : actor);
        p.setString(6, comment == null ? "" : comment);
    }

    /** The changes of one alert or incident, oldest first. */
    List<StatusChange> of(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + idColumn + ", seq, changed_at, from_status, "
                + "to_status, actor, comment FROM " + table + " WHERE " + idColumn + " = ? ORDER BY seq")) {
            p.setString(1, id);
            List<StatusChange> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString(4);
                    out.add(new StatusChange(rs.getString(1), rs.getInt(2), rs.getLong(3),
                            from == null ? null : AlertStatus.parse(from), AlertStatus.parse(rs.getString(5)),
                            rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        }
    }

    /** The status of a stored alert or incident as this transaction sees it, or null when there is none. */
    static AlertStatus current(Connection c, String table, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT status FROM " + table + " WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? AlertStatus.parse(rs.getString(1)) : null;
            }
        }
    }

    static IllegalStateException notAllowed(String what, String id, AlertStatus from, AlertStatus to) {
        return new IllegalStateException(what + " " + id + " is " + from.label() + "; it can become "
                + String.join(" or ", from.next().stream().map(AlertStatus::label).toList()) + ", not " + to.label());
    }
}
