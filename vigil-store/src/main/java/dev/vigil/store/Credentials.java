package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's API tokens ({@code api_tokens}) and dashboard users ({@code dashboard_users}) in the
 * store's own database, SQLite or PostgreSQL ({@link Schema} version 10): one {@code --db} is all a
 * deployment carries, and servers sharing a PostgreSQL share their tokens. Only what the server
 * gives is kept: a token's SHA-256, never the token; a user's bcrypt hash, never the password.
 * What a role may do is the server's business; here it is a label.
 *
 * <p>Thread-safe: every call runs on the store's pool, writes in its serialised transactions, so
 * a check and the write that depends on it (a name not taken) see the same state.
 */
public final class Credentials {
    private final Database db;

    Credentials(Database db) {
        this.db = db;
    }

    /** A token as stored: never the secret. */
    public record Token(String id, String name, String role, long createdMillis, Long lastUsedMillis, Long revokedMillis) {
        public boolean active() {
            return revokedMillis == null;
        }
    }

    /** A dashboard user as listed: never the hash. */
    public record User(String name, String role, long createdMillis) {}

    private static final String TOKEN_COLUMNS = "id, name, role, created_at, last_used_at, revoked_at";

    /**
     * Stores a token by its hash, unless an active token already has the name.
     *
     * @throws IllegalArgumentException when the name is taken by an active token
     */
    public Token addToken(String id, String name, String role, String sha256, long now) {
        return db.write(c -> {
            if (token(c, name).filter(Token::active).isPresent()) {
                throw new IllegalArgumentException("an active token is already named '" + name
                        + "'; revoke it or pick another name");
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO api_tokens (id, name, role, token_sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, name);
                p.setString(3, role);
                p.setString(4, sha256);
                p.setLong(5, now);
                p.executeUpdate();
            }
            return new Token(id, name, role, now, null, null);
        });
    }

    /** All tokens, revoked ones too, oldest first. */
    public List<Token> tokens() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM api_tokens ORDER BY created_at, id");
                 ResultSet rs = p.executeQuery()) {
                List<Token> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(token(rs));
                }
                return out;
            }
        });
    }

    /** The token with this id, else the active one (or latest revoked one) with this name. */
    public Optional<Token> token(String idOrName) {
        return db.read(c -> token(c, idOrName));
    }

    private static Optional<Token> token(Connection c, String idOrName) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE id = ? OR name = ? "
                + "ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, "
                + "created_at DESC LIMIT 1")) {
            p.setString(1, idOrName);
            p.setString(2, idOrName);
            p.setString(3, idOrName);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        }
    }

    /** Revokes the active token with this id or name; returns it as revoked, or empty when there is none. */
    public Optional<Token> revokeToken(String idOrName, long now) {
        return db.write(c -> {
            Optional<Token> t = token(c, idOrName).filter(Token::active);
            if (t.isEmpty()) {
                return Optional.<Token>empty();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                p.setLong(1, now);
                p.setString(2, t.get().id());
                p.executeUpdate();
            }
            Token i = t.get();
            return Optional.of(new Token(i.id(), i.name(), i.role(), i.createdMillis(), i.lastUsedMillis(), now));
        });
    }

    /** The active token with this hash, or empty: one indexed lookup (the hash is unique). */
    public Optional<Token> activeToken(String sha256) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM api_tokens "
                    + "WHERE token_sha256 = ? AND revoked_at IS NULL")) {
                p.setString(1, sha256);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(token(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Records that a token was used. */
    public void tokenUsed(String id, long now) {
        db.write(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                u.setLong(1, now);
                u.setString(2, id);
                u.executeUpdate();
            }
            return null;
        });
    }

    private static Token token(ResultSet rs) throws SQLException {
        long lu = rs.getLong(5);
        Long lastUsed = rs.wasNull() ? null : lu;
        long rv = rs.getLong(6);
        Long revoked = rs.wasNull() ? null : rv;
        return new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), lastUsed, revoked);
    }

    /** Adds a user, or sets the role and hash of an existing one; returns whether it was new. */
    public boolean putUser(String name, String role, String hash, long now) {
        return db.write(c -> {
            boolean existed = userHash(c, name) != null;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO dashboard_users (name, role, password_bcrypt, created_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role, "
                    + "password_bcrypt = excluded.password_bcrypt")) {
                p.setString(1, name);
                p.setString(2, role);
                p.setString(3, hash);
                p.setLong(4, now);
                p.executeUpdate();
            }
            return !existed;
        });
    }

    public Optional<User> user(String name) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT name, role, created_at FROM dashboard_users WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
                }
            }
        });
    }

    /** Users by name. */
    public List<User> users() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT name, role, created_at FROM dashboard_users ORDER BY name");
                 ResultSet rs = p.executeQuery()) {
                List<User> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new User(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    public boolean removeUser(String name) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM dashboard_users WHERE name = ?")) {
                p.setString(1, name);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** A user's bcrypt hash, or null for an unknown name. */
    public String userHash(String name) {
        return db.read(c -> userHash(c, name));
    }

    private static String userHash(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT password_bcrypt FROM dashboard_users WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
