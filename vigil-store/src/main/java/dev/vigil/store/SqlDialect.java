package dev.vigil.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases the store runs on. The SQL itself is shared (see
 * {@link Schema}); a dialect spells the few things that are not, says which errors are worth
 * retrying and how writers are kept from interleaving.
 *
 * <p>Implementations are stateless and thread-safe.
 */
sealed interface SqlDialect permits SqliteDialect, PostgresDialect {
    /** For messages: {@code SQLite}, {@code PostgreSQL}. */
    String product();

    /** The column type of a key the database generates on insert (history's {@code seq}). */
    String generatedKey();

    /** Whether a table exists, without failing when it does not. */
    boolean tableExists(Connection c, String table) throws SQLException;

    /**
     * Called first in every write transaction: writers are serialised, so a read-merge-write
     * (an upsert, a status change) sees the last committed state and no change is lost.
     */
    void lockForWrite(Connection c) throws SQLException;

    /** Called first in the migration transaction, so two processes opening one database migrate once. */
    void lockForMigration(Connection c) throws SQLException;

    /** A transaction that failed this way may succeed if run again (busy, deadlock, serialisation). */
    boolean retryable(SQLException e);

    /** The error as a person should read it: what went wrong and, where known, what to do. */
    String explain(SQLException e);

    /** The column type of bytes (a watch's state). */
    String bytes();

    /**
     * What follows {@code FROM alerts} to read through one index, or nothing where the database
     * chooses well alone. SQLite without statistics guesses that every equality filter is
     * selective and may sort a million rows to avoid reading an index in order; PostgreSQL keeps
     * statistics and needs no hint.
     */
    default String indexHint(String index) {
        return "";
    }

    /** What runs a query and reports its plan instead of its rows. */
    String explain();

    /** A statement of {@link Schema} with {@code ${ID}} and {@code ${BLOB}} spelled for this database. */
    default String sql(String statement) {
        return statement.replace("${ID}", generatedKey()).replace("${BLOB}", bytes());
    }

    static String raw(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
