package dev.vigil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The alert store in one SQLite file ({@code vigil.db} by default), created and migrated on open.
 * Write-ahead logging lets readers (a pool of connections) run while a scan writes; writes go
 * through one connection in turn, and a busy timeout plus retries make a second process wait for
 * the file's write lock instead of failing.
 *
 * <p>Thread-safe (see {@link JdbcAlertStore}).
 */
public final class SqliteAlertStore extends JdbcAlertStore {
    /** The database file used when no {@code --db} is given, in the working directory. */
    public static final String DEFAULT_FILE = "vigil.db";
    /** How long SQLite itself waits for another writer's lock before answering SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** Readers at once; SQLite serves them in parallel under WAL. */
    private static final int READERS = 4;

    private final Path file;

    private SqliteAlertStore(Path file, Database db, int version) {
        super(db, version);
        this.file = file;
    }

    /** Opens (creating and migrating when needed) the database at {@code file}: for commands that store. */
    public static SqliteAlertStore open(Path file) {
        return open(file, true);
    }

    /**
     * Opens the database at {@code file} only if it exists: for commands that read ({@code alerts
     * list}, exports), so a mistyped {@code --db} is an error instead of a new empty database.
     */
    public static SqliteAlertStore openExisting(Path file) {
        if (!Files.exists(file)) {
            throw new StoreException("no alert database at " + file
                    + " (check --db; 'vigil scan --db " + file + " LOGS' creates one)", null);
        }
        return open(file, false);
    }

    private static SQLiteConfig config(boolean create) {
        SQLiteConfig config = new SQLiteConfig();
        if (!create) {
            // without SQLITE_OPEN_CREATE, so a file removed since the check is not recreated
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        // BEGIN IMMEDIATE: a writer takes the write lock when its transaction starts and waits
        // there (busy_timeout). A deferred transaction would read first and then fail at once
        // with SQLITE_BUSY when it tries to write after another writer committed, which is how
        // two scans into one database lost half their alerts.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        return config;
    }

    private static SqliteAlertStore open(Path file, boolean create) {
        Connection c = null;
        HikariDataSource pool = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new SQLException("folder " + parent + " does not exist");
            }
            SQLiteConfig config = config(create);
            c = config.createConnection("jdbc:sqlite:" + file);
            walMode(c);
            int v = Database.migrate(SqliteDialect.INSTANCE, c);
            OutboxRepository.redactLegacy(c);
            SQLiteDataSource readers = new SQLiteDataSource(config(false));
            readers.setUrl("jdbc:sqlite:" + file);
            HikariConfig hc = new HikariConfig();
            hc.setDataSource(readers);
            hc.setPoolName("vigil-sqlite");
            hc.setMaximumPoolSize(READERS);
            hc.setMinimumIdle(0);
            hc.setInitializationFailTimeout(-1); // the writer connection proved the file opens
            pool = new HikariDataSource(hc);
            return new SqliteAlertStore(file, new Database(SqliteDialect.INSTANCE, file.toString(), pool, c), v);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open failed already; that is the error to report
                }
            }
            String why = e instanceof SQLException se ? SqliteDialect.INSTANCE.explain(se) : SqlDialect.raw(e);
            throw new StoreException("cannot open alert database " + file + ": " + why, e);
        }
    }

    /**
     * Switches a new database to WAL. Two processes opening a fresh file at once can be answered
     * SQLITE_BUSY at once here (the journal-mode change takes an exclusive lock without waiting on
     * the busy handler, which would risk a deadlock), so it is tried again for up to 10 s.
     */
    private static void walMode(Connection c) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
                if (!busy || attempt >= 100) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** For tests in this package: the writer connection, to shape faults (a size limit, a lock). */
    Connection connection() {
        return database().writer();
    }

    public Path file() {
        return file;
    }

    /** SQLITE_BUSY or SQLITE_LOCKED, in any of their extended forms. */
    static boolean busy(SQLException e) {
        return SqliteDialect.busy(e);
    }
}
