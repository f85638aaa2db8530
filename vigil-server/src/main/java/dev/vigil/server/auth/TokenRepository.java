package dev.vigil.server.auth;

import dev.vigil.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * API tokens, kept in the alert database's own file in a table of their own ({@code api_tokens},
 * created on open) so one {@code --db} is all a deployment has to carry. Only the SHA-256 of a
 * token is stored: a token is 256 random bits, so a fast hash is as strong as a slow one here
 * and lets every request be checked with one indexed lookup. The token itself is shown once, when
 * it is made.
 *
 * <p>Thread-safe: one connection, every method synchronized.
 */
public final class TokenRepository implements AutoCloseable {
    /** Every token starts with this, so a leaked one is recognisable in logs and secret scanners. */
    public static final String PREFIX = "vgl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection db;
    private final String where;

    /** A token as listed: never the secret. */
    public record TokenInfo(String id, String name, Role role, long createdMillis, Long lastUsedMillis,
                            Long revokedMillis) {
        public boolean active() {
            return revokedMillis == null;
        }
    }

    /** A token just made: {@code secret} is shown once and not kept. */
    public record Created(TokenInfo info, String secret) {}

    private TokenRepository(Connection db, String where) {
        this.db = db;
        this.where = where;
    }

    /** Opens (creating when missing) the token table in the SQLite database at {@code file}. */
    public static TokenRepository open(Path file) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(10_000);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Connection c = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("CREATE TABLE IF NOT EXISTS api_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                        + "role TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, "
                        + "last_used_at INTEGER, revoked_at INTEGER)");
                s.execute("CREATE INDEX IF NOT EXISTS api_tokens_name ON api_tokens(name)");
            }
            return new TokenRepository(c, file.toString());
        } catch (SQLException e) {
            throw new StoreException("cannot open the token table in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a token. Names need not be unique, but a name already held by an active token is
     * refused: history rows record the name as the actor, and two people behind one name would
     * make that record useless.
     */
    public synchronized Created create(String name, Role role) {
        if (name == null || name.isBlank() || name.length() > 100 || !name.strip().equals(name)
                || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("a token name is 1 to 100 printable characters without surrounding spaces");
        }
        if (find(name).filter(TokenInfo::active).isPresent()) {
            throw new IllegalArgumentException("an active token is already named '" + name + "'; revoke it or pick another name");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String id = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO api_tokens (id, name, role, token_sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, name);
            p.setString(3, role.label());
            p.setString(4, sha256(secret));
            p.setLong(5, now);
            p.executeUpdate();
        } catch (SQLException e) {
            throw error("store a token", e);
        }
        return new Created(new TokenInfo(id, name, role, now, null, null), secret);
    }

    /** All tokens, revoked ones too, oldest first. */
    public synchronized List<TokenInfo> list() {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY created_at, id");
             ResultSet rs = p.executeQuery()) {
            List<TokenInfo> out = new ArrayList<>();
            while (rs.next()) {
                out.add(info(rs));
            }
            return out;
        } catch (SQLException e) {
            throw error("list tokens", e);
        }
    }

    /** The token with this id, else the active one (or latest revoked one) with this name. */
    public synchronized Optional<TokenInfo> find(String idOrName) {
        try (PreparedStatement p = db.prepareStatement("SELECT id, name, role, created_at, last_used_at, revoked_at "
                + "FROM api_tokens WHERE id = ? OR name = ? ORDER BY (id = ?) DESC, (revoked_at IS NULL) DESC, created_at DESC LIMIT 1")) {
            p.setString(1, idOrName);
            p.setString(2, idOrName);
            p.setString(3, idOrName);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(info(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw error("find a token", e);
        }
    }

    /** Revokes the active token with this id or name; returns it, or empty when there is none. */
    public synchronized Optional<TokenInfo> revoke(String idOrName) {
        Optional<TokenInfo> t = find(idOrName).filter(TokenInfo::active);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement p = db.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            long now = System.currentTimeMillis();
            p.setLong(1, now);
            p.setString(2, t.get().id());
            p.executeUpdate();
            TokenInfo i = t.get();
            return Optional.of(new TokenInfo(i.id(), i.name(), i.role(), i.createdMillis(), i.lastUsedMillis(), now));
        } catch (SQLException e) {
            throw error("revoke a token", e);
        }
    }

    /**
     * The active token whose secret this is, or empty. Records when it was last used (at most
     * once a minute per token, so a busy bouncer does not write on every poll).
     */
    public synchronized Optional<TokenInfo> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        try (PreparedStatement p = db.prepareStatement("SELECT id, name, role, created_at, last_used_at, revoked_at "
                + "FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            p.setString(1, sha256(secret));
            TokenInfo t;
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                t = info(rs);
            }
            long now = System.currentTimeMillis();
            if (t.lastUsedMillis() == null || now - t.lastUsedMillis() > 60_000) {
                try (PreparedStatement u = db.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                    u.setLong(1, now);
                    u.setString(2, t.id());
                    u.executeUpdate();
                }
            }
            return Optional.of(t);
        } catch (SQLException e) {
            throw error("check a token", e);
        }
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        long lu = rs.getLong(5);
        Long lastUsed = rs.wasNull() ? null : lu;
        long rv = rs.getLong(6);
        Long revoked = rs.wasNull() ? null : rv;
        return new TokenInfo(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getLong(4), lastUsed, revoked);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private StoreException error(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw error("close the token table", e);
        }
    }
}
