package dev.vigil.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections, transactions and retries for the repositories: reads take a pooled connection in
 * auto-commit; writes run as one transaction that first takes the dialect's write lock, and are
 * retried whole while the database answers busy, deadlock or serialisation failure.
 *
 * <p>On SQLite every write of this process goes through one writer connection, in turn (the file
 * has one write lock; queuing in the process is cheaper than SQLite's busy waiting), while reads
 * use the pool; WAL lets them run alongside a write. On PostgreSQL reads and writes use the pool
 * and writers are serialised by the dialect's advisory lock.
 *
 * <p>Thread-safe.
 */
final class Database implements AutoCloseable {
    /**
     * How long a transaction is retried while the database stays busy (a long scan of another
     * process storing 100,000 alerts holds the lock for seconds at a time, repeatedly).
     */
    static final long BUSY_RETRY_MILLIS = 5 * 60_000L;

    /** Work on a connection; a write's work is re-run from the start on retry, so it computes everything inside. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final SqlDialect dialect;
    private final String name;
    private final HikariDataSource pool;
    /** SQLite's one writer connection, or null when writes use the pool. */
    private final Connection writer;
    private final ReentrantLock writerLock = new ReentrantLock();

    Database(SqlDialect dialect, String name, HikariDataSource pool, Connection writer) {
        this.dialect = dialect;
        this.name = name;
        this.pool = pool;
        this.writer = writer;
    }

    SqlDialect dialect() {
        return dialect;
    }

    String name() {
        return name;
    }

    /** SQLite's writer connection, for tests that shape faults on it. */
    Connection writer() {
        return writer;
    }

    <T> T read(Work<T> w) {
        return retrying(() -> {
            try (Connection c = pool.getConnection()) {
                return w.run(c);
            }
        });
    }

    /** Runs {@code w} in one transaction under the write lock; see {@link Work} about retries. */
    <T> T write(Work<T> w) {
        if (writer == null) {
            return retrying(() -> {
                try (Connection c = pool.getConnection()) {
                    return inTransaction(c, w);
                }
            });
        }
        writerLock.lock();
        try {
            return retrying(() -> inTransaction(writer, w));
        } finally {
            writerLock.unlock();
        }
    }

    private <T> T inTransaction(Connection c, Work<T> w) throws SQLException {
        c.setAutoCommit(false);
        try {
            dialect.lockForWrite(c);
            T t = w.run(c);
            c.commit();
            return t;
        } catch (SQLException | RuntimeException e) {
            // After SQLITE_FULL or an I/O error SQLite has already rolled back; a failing
            // rollback must not hide the error that matters.
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // "no transaction is active": the rollback above ended it already
            }
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private <T> T retrying(Attempt<T> w) {
        long deadline = System.nanoTime() + BUSY_RETRY_MILLIS * 1_000_000L;
        long pause = 50;
        while (true) {
            try {
                return w.run();
            } catch (SQLException e) {
                if (!dialect.retryable(e) || System.nanoTime() + pause * 1_000_000L > deadline) {
                    throw new StoreException("alert database " + name + ": " + dialect.explain(e), e);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new StoreException("alert database " + name + ": interrupted while waiting for another "
                        + "process to finish writing", ie);
            }
            pause = Math.min(pause * 2, 2_000);
        }
    }

    /**
     * Brings the schema to {@link Schema#latest()} on {@code c} and returns the version. A database
     * already there is only read, so opening it never waits for a writer.
     */
    static int migrate(SqlDialect dialect, Connection c) throws SQLException {
        Integer known = readVersion(dialect, c);
        if (known != null && known == Schema.latest()) {
            return known;
        }
        long deadline = System.nanoTime() + BUSY_RETRY_MILLIS * 1_000_000L;
        while (true) {
            try {
                return migrateNow(dialect, c);
            } catch (SQLException e) {
                if (!dialect.retryable(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for another process to finish writing", ie);
            }
        }
    }

    /** The schema version, or null for a database without the version table (new or not ours). */
    private static Integer readVersion(SqlDialect dialect, Connection c) throws SQLException {
        if (!dialect.tableExists(c, "schema_version")) {
            return null;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    private static int migrateNow(SqlDialect dialect, Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            dialect.lockForMigration(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            int current = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            if (current > Schema.latest()) {
                throw new SQLException("the database is at schema version " + current
                        + ", newer than this Vigil knows (" + Schema.latest() + "); use a newer Vigil");
            }
            for (Schema.Migration m : Schema.MIGRATIONS) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(dialect.sql(sql));
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                current = m.version();
            }
            c.commit();
            return current;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the rollback above ended the transaction already
            }
        }
    }

    @Override
    public void close() {
        SQLException failed = null;
        if (writer != null) {
            writerLock.lock();
            try {
                writer.close();
            } catch (SQLException e) {
                failed = e;
            } finally {
                writerLock.unlock();
            }
        }
        pool.close();
        if (failed != null) {
            throw new StoreException("cannot close alert database " + name + ": " + dialect.explain(failed), failed);
        }
    }
}
