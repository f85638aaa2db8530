package dev.vigil.server.auth;

import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.Credentials;
import dev.vigil.store.JdbcAlertStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Dashboard users who sign in with a password ({@code vigil user add}), in the alert database
 * itself ({@code dashboard_users}, through the store's {@link Credentials}), SQLite or
 * PostgreSQL. Passwords are kept only as bcrypt hashes (Spring Security's encoder, cost
 * {@value #COST}): slow on purpose, salted, so a copied database does not give the passwords
 * away the way a fast hash of a short secret would. A sign-in with an unknown name spends the
 * same time as one with a known name, so the answer does not tell which names exist.
 *
 * <p>Thread-safe: the store's pool and its serialised writes; hashing happens outside both.
 */
public final class UserRepository implements AutoCloseable {
    /** bcrypt's work factor: about a quarter of a second per sign-in on one core. */
    static final int COST = 12;
    /** Shorter passwords are refused. */
    public static final int MIN_PASSWORD = 12;

    private final Credentials db;
    /** The store this repository opened and closes, or null when it uses one it was given. */
    private final AlertStore owned;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(COST);
    /** Checked against when the name is unknown, so both answers take as long. */
    private final String dummyHash = encoder.encode("not a password anyone has");

    /** A user as listed: never the hash. */
    public record UserInfo(String name, Role role, long createdMillis) {}

    private UserRepository(JdbcAlertStore store, boolean owns) {
        this.db = store.credentials();
        this.owned = owns ? store : null;
    }

    /** The users of a store someone else closes (the server's). */
    public static UserRepository on(JdbcAlertStore store) {
        return new UserRepository(store, false);
    }

    /** Opens the store {@code db} names (an SQLite file or a PostgreSQL URL) for its users; closing closes it. */
    public static UserRepository open(String db) {
        return new UserRepository(AlertStores.open(db), true);
    }

    public static UserRepository open(Path file) {
        return open(file.toString());
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
        return db.putUser(name, role.label(), hash, System.currentTimeMillis());
    }

    public Optional<UserInfo> find(String name) {
        return db.user(name).map(UserRepository::info);
    }

    public List<UserInfo> list() {
        return db.users().stream().map(UserRepository::info).toList();
    }

    public boolean remove(String name) {
        return db.removeUser(name);
    }

    /** The user whose password this is, or empty; takes bcrypt's time whether or not the name exists. */
    public Optional<UserInfo> authenticate(String name, String password) {
        if (name == null || password == null || password.length() > 1000) {
            return Optional.empty();
        }
        String hash = db.userHash(name);
        boolean ok = encoder.matches(password, hash == null ? dummyHash : hash);
        return ok && hash != null ? find(name) : Optional.empty();
    }

    private static UserInfo info(Credentials.User u) {
        return new UserInfo(u.name(), Role.parse(u.role()), u.createdMillis());
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
