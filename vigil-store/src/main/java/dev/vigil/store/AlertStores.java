package dev.vigil.store;

import java.nio.file.Path;

/**
 * Opens the store {@code --db} names: a {@code postgresql://} URL ({@link PostgresAlertStore}) or
 * an SQLite file ({@link SqliteAlertStore}).
 *
 * <p>Static and thread-safe.
 */
public final class AlertStores {
    private AlertStores() {}

    /** Opens the store, creating an SQLite file when missing: for commands that store. */
    public static JdbcAlertStore open(String db) {
        return PostgresUrl.matches(db) ? PostgresAlertStore.open(db) : SqliteAlertStore.open(Path.of(db));
    }

    /**
     * Opens an existing store: for commands that read or triage. An SQLite file must exist; a
     * PostgreSQL database must exist on its server (its schema is created or migrated as on open).
     */
    public static JdbcAlertStore openExisting(String db) {
        return PostgresUrl.matches(db) ? PostgresAlertStore.open(db) : SqliteAlertStore.openExisting(Path.of(db));
    }

    /** What to show for {@code db} in messages: a PostgreSQL URL without its password, or the file. */
    public static String describe(String db) {
        if (PostgresUrl.matches(db)) {
            try {
                return PostgresUrl.parse(db, null).redacted();
            } catch (IllegalArgumentException e) {
                return "postgresql://...";
            }
        }
        return db;
    }
}
