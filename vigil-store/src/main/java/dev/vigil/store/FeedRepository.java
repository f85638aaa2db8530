package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registered threat-intel feeds ({@code ti_feeds}).
 *
 * <p>Stateless and thread-safe; connections are the caller's.
 */
final class FeedRepository {
    void register(Connection c, AlertStore.Feed feed) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ti_feeds (path, name, format, indicators, loaded_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET name = excluded.name, "
                + "format = excluded.format, indicators = excluded.indicators, loaded_at = excluded.loaded_at")) {
            p.setString(1, feed.path());
            p.setString(2, feed.name());
            p.setString(3, feed.format());
            p.setInt(4, feed.indicators());
            p.setLong(5, feed.loadedMillis());
            p.executeUpdate();
        }
    }

    boolean remove(Connection c, String path) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM ti_feeds WHERE path = ?")) {
            p.setString(1, path);
            return p.executeUpdate() > 0;
        }
    }

    List<AlertStore.Feed> all(Connection c) throws SQLException {
        List<AlertStore.Feed> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT path, name, format, indicators, loaded_at FROM ti_feeds ORDER BY path");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new AlertStore.Feed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5)));
            }
        }
        return out;
    }
}
