package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of running watches ({@code watch_state}): file positions and detector state, written
 * in the transaction that stores the alerts they produced.
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class WatchStateRepository {
    void put(Connection c, String name, byte[] state, long now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO watch_state (name, state, updated_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, "
                + "updated_at = excluded.updated_at")) {
            st.setString(1, name);
            st.setBytes(2, state);
            st.setLong(3, now);
            st.executeUpdate();
        }
    }

    Optional<byte[]> get(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT state FROM watch_state WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    List<AlertStore.NamedState> all(Connection c) throws SQLException {
        List<AlertStore.NamedState> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name, state, updated_at FROM watch_state ORDER BY name");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new AlertStore.NamedState(rs.getString(1), rs.getBytes(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
