package dev.vigil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The alert store in a PostgreSQL database that several hosts share ({@code --db
 * postgresql://host/db}). Same behaviour as SQLite: the same schema and migrations, and writers
 * serialised (by an advisory lock, see {@link PostgresDialect}), so scans storing the same alerts
 * from several hosts at once neither duplicate an alert nor lose a status change.
 *
 * <p>Thread-safe (see {@link JdbcAlertStore}).
 */
public final class PostgresAlertStore extends JdbcAlertStore {
    /** Connections at most; writes are serialised anyway, readers (a server) share the rest. */
    private static final int POOL = 8;

    private PostgresAlertStore(Database db, int version) {
        super(db, version);
    }

    /** Opens the database {@code url} names ({@link PostgresUrl}), creating or migrating the schema. */
    public static PostgresAlertStore open(String url) {
        PostgresUrl u;
        try {
            u = PostgresUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot open alert database " + AlertStores.describe(url) + ": " + e.getMessage(), e);
        }
        HikariDataSource pool = null;
        try {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(u.jdbcUrl());
            hc.setDataSourceProperties(u.properties());
            hc.setPoolName("vigil-postgresql");
            hc.setMaximumPoolSize(POOL);
            hc.setMinimumIdle(1);
            hc.setConnectionTimeout(10_000);
            pool = new HikariDataSource(hc);
            int v;
            try (Connection c = pool.getConnection()) {
                v = Database.migrate(PostgresDialect.INSTANCE, c);
            }
            return new PostgresAlertStore(new Database(PostgresDialect.INSTANCE, u.redacted(), pool, null), v);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            Throwable cause = e instanceof HikariPool.PoolInitializationException && e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof SQLException se ? PostgresDialect.INSTANCE.explain(se)
                    : SqlDialect.raw((Exception) cause);
            throw new StoreException("cannot open alert database " + u.redacted() + ": " + why, e);
        }
    }
}
