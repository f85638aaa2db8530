package dev.vigil.store;

import dev.vigil.alert.suppress.SuppressionRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The suppression rules aggregate ({@code suppression_rules}).
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class SuppressionRuleRepository {
    void add(Connection c, SuppressionRule r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO suppression_rules (id, alert_type, conditions, "
                + "reason, comment, expires_at, enabled, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.id());
            p.setString(2, r.alertType());
            p.setString(3, r.conditionsJson());
            p.setString(4, r.reason());
            p.setString(5, r.comment());
            if (r.expiresMillis() == null) {
                p.setNull(6, Types.BIGINT);
            } else {
                p.setLong(6, r.expiresMillis());
            }
            p.setBoolean(7, r.enabled());
            p.setLong(8, r.createdMillis());
            p.setString(9, r.createdBy());
            p.executeUpdate();
        }
    }

    /** All rules, oldest first. */
    List<SuppressionRule> all(Connection c) throws SQLException {
        return query(c, "SELECT * FROM suppression_rules ORDER BY created_at, id", null);
    }

    List<SuppressionRule> byId(Connection c, String id) throws SQLException {
        return query(c, "SELECT * FROM suppression_rules WHERE id = ?", id);
    }

    private static List<SuppressionRule> query(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<SuppressionRule> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long exp = rs.getLong("expires_at");
                    Long expires = rs.wasNull() ? null : exp;
                    out.add(new SuppressionRule(rs.getString("id"), rs.getString("alert_type"),
                            SuppressionRule.parseConditions(rs.getString("conditions")), rs.getString("reason"),
                            rs.getString("comment"), expires, rs.getBoolean("enabled"), rs.getLong("created_at"),
                            rs.getString("created_by")));
                }
            }
            return out;
        }
    }

    boolean remove(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM suppression_rules WHERE id = ?")) {
            p.setString(1, id);
            return p.executeUpdate() > 0;
        }
    }

    boolean setEnabled(Connection c, String id, boolean enabled) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE suppression_rules SET enabled = ? WHERE id = ?")) {
            p.setBoolean(1, enabled);
            p.setString(2, id);
            return p.executeUpdate() > 0;
        }
    }
}
