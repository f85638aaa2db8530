package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: one file, one writer at a time. Connections open their transactions with
 * {@code BEGIN IMMEDIATE} (see {@link SqliteAlertStore}), which takes the file's write lock at once,
 * so the lock is already held when {@link #lockForWrite} runs; within a process the store also
 * keeps all writes on one connection.
 *
 * <p>Stateless and thread-safe.
 */
final class SqliteDialect implements SqlDialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {}

    @Override
    public String product() {
        return "SQLite";
    }

    @Override
    public String generatedKey() {
        // a rowid alias: SQLite numbers it under the write lock
        return "INTEGER PRIMARY KEY";
    }

    @Override
    public String indexHint(String index) {
        return " INDEXED BY " + index;
    }

    @Override
    public String explain() {
        return "EXPLAIN QUERY PLAN ";
    }

    @Override
    public String bytes() {
        return "BLOB";
    }

    @Override
    public boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void lockForWrite(Connection c) {
        // BEGIN IMMEDIATE holds the write lock already
    }

    @Override
    public void lockForMigration(Connection c) {
        // the same
    }

    @Override
    public boolean retryable(SQLException e) {
        return busy(e);
    }

    /** SQLITE_BUSY or SQLITE_LOCKED, in any of their extended forms. */
    static boolean busy(SQLException e) {
        int code = primaryCode(e);
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se) {
            return se.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }

    @Override
    public String explain(SQLException e) {
        int code = primaryCode(e);
        if (code == SQLiteErrorCode.SQLITE_FULL.code) {
            return "the disk is full (or the database reached its size limit); nothing of this transaction "
                    + "was stored: free space and run again";
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return "the database stayed locked by another process for " + Database.BUSY_RETRY_MILLIS / 1000
                    + " s; nothing of this transaction was stored (" + SqlDialect.raw(e) + ")";
        }
        if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
            return "the database or its folder is read-only (" + SqlDialect.raw(e) + ")";
        }
        if (code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return "the file is not a Vigil database (" + SqlDialect.raw(e) + ")";
        }
        if (code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return "cannot open the file (" + SqlDialect.raw(e) + ")";
        }
        return SqlDialect.raw(e);
    }
}
