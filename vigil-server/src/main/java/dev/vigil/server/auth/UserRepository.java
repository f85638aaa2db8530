package dev.vigil.server.auth;

import dev.vigil.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.sqlite.SQLiteConfig;

/**
 * Dashboard users who sign in with a password ({@code vigil user add}), in their own table
 * ({@code dashboard_users}, created on open) of the alert database. Passwords are kept only as
 * bcrypt hashes (Spring Security's encoder, cost {@value #COST}): slow on purpose, salted, so a
 * copied database does not give the passwords away the way a fast hash of a short secret would.
 * A sign-in with an unknown name spends the same time as one with a known name, so the answer
 * does not tell which names exist.
 *
 * <p>Thread-safe: one connection, every method that uses it synchronized; hashing happens
 * outside the lock.
 */
public final class UserRepository implements AutoCloseable {
    /** bcrypt's work factor: about a quarter of a second per sign-in on one core. */
    static final int COST = 12;
    /** Shorter passwords are refused. */
    public static final int MIN_PASSWORD = 12;

    private final Connection db;
    private final String where;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(COST);
    /** Checked against when the name is unknown, so both answers take as long. */
    private final String dummyHash = encoder.encode("not a password anyone has");

    /** A user as listed: never the hash. */
    public record UserInfo(String name, Role role, long createdMillis) {}

    private UserRepository(Connection db, String where) {
        this.db = db;
        this.where = where;
    }

    public static UserRepository open(Path file) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(10_000);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Connection c = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("CREATE TABLE IF NOT EXISTS dashboard_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
                        + "password_bcrypt TEXT NOT NULL, created_at INTEGER NOT NULL)");
            }
            return new UserRepository(c, file.toString());
        } catch (SQLException e) {
            throw new StoreException("cannot open the user table in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adds a user, or sets the password and role of an existing one; returns whether it was new. */
    public boolean put(String name, Role role, char[] password) {
        if (name == null || name.isBlank() || name.length() > 100 || !name.strip().equals(name)
                || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("a user name is 1 to 100 printable characters without surrounding spaces");
        }
        if (role == Role.BOUNCER) {
            throw new IllegalArgumentException("bouncers use keys ('vigil token create --role bouncer'), not passwords");
        }
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD + " characters");
        }
        String hash = encoder.encode(java.nio.CharBuffer.wrap(password));
        synchronized (this) {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO dashboard_users (name, role, password_bcrypt, created_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET role = excluded.role, password_bcrypt = excluded.password_bcrypt")) {
                boolean existed = find(name).isPresent();
                p.setString(1, name);
                p.setString(2, role.label());
                p.setString(3, hash);
                p.setLong(4, System.currentTimeMillis());
                p.executeUpdate();
                return !existed;
            } catch (SQLException e) {
                throw error("store a user", e);
            }
        }
    }

    public synchronized Optional<UserInfo> find(String name) {
        try (PreparedStatement p = db.prepareStatement("SELECT name, role, created_at FROM dashboard_users WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new UserInfo(rs.getString(1), Role.parse(rs.getString(2)), rs.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw error("find a user", e);
        }
    }

    public synchronized List<UserInfo> list() {
        try (PreparedStatement p = db.prepareStatement("SELECT name, role, created_at FROM dashboard_users ORDER BY name");
             ResultSet rs = p.executeQuery()) {
            List<UserInfo> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new UserInfo(rs.getString(1), Role.parse(rs.getString(2)), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw error("list users", e);
        }
    }

    public synchronized boolean remove(String name) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM dashboard_users WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw error("remove a user", e);
        }
    }

    /** The user whose password this is, or empty; takes bcrypt's time whether or not the name exists. */
    public Optional<UserInfo> authenticate(String name, String password) {
        if (name == null || password == null || password.length() > 1000) {
            return Optional.empty();
        }
        String hash;
        synchronized (this) {
            try (PreparedStatement p = db.prepareStatement("SELECT password_bcrypt FROM dashboard_users WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    hash = rs.next() ? rs.getString(1) : null;
                }
            } catch (SQLException e) {
                throw error("check a password", e);
            }
        }
        boolean ok = encoder.matches(password, hash == null ? dummyHash : hash);
        return ok && hash != null ? find(name) : Optional.empty();
    }

    private StoreException error(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw error("close the user table", e);
        }
    }
}
