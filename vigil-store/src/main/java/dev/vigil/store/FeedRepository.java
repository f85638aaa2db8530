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
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ti_feeds (path, name, format, indicators, loaded_at, "
                + "url, etag, last_modified, refresh_ms, refreshed_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (path) DO UPDATE SET name = excluded.name, format = excluded.format, "
                + "indicators = excluded.indicators, loaded_at = excluded.loaded_at, url = excluded.url, "
                + "etag = excluded.etag, last_modified = excluded.last_modified, refresh_ms = excluded.refresh_ms, "
                + "refreshed_at = excluded.refreshed_at, outcome = excluded.outcome")) {
            p.setString(1, feed.path());
            p.setString(2, feed.name());
            p.setString(3, feed.format());
            p.setInt(4, feed.indicators());
            p.setLong(5, feed.loadedMillis());
            p.setString(6, feed.url());
            p.setString(7, feed.etag());
            p.setString(8, feed.lastModified());
            if (feed.refreshMillis() > 0) {
                p.setLong(9, feed.refreshMillis());
            } else {
                p.setNull(9, java.sql.Types.BIGINT);
            }
            if (feed.refreshedMillis() > 0) {
                p.setLong(10, feed.refreshedMillis());
            } else {
                p.setNull(10, java.sql.Types.BIGINT);
            }
            p.setString(11, feed.outcome());
            p.executeUpdate();
        }
    }

    boolean remove(Connection c, String pathOrUrl) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM ti_feeds WHERE path = ? OR url = ?")) {
            p.setString(1, pathOrUrl);
            p.setString(2, pathOrUrl);
            return p.executeUpdate() > 0;
        }
    }

    List<AlertStore.Feed> all(Connection c) throws SQLException {
        List<AlertStore.Feed> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT path, name, format, indicators, loaded_at, url, etag, "
                + "last_modified, refresh_ms, refreshed_at, outcome FROM ti_feeds ORDER BY path");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new AlertStore.Feed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getString(11)));
            }
        }
        return out;
    }
}
