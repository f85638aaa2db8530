package dev.vigil.cli;

import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.store.SqliteAlertStore;
import picocli.CommandLine.Option;

/** The {@code --db} option of every command that reads or writes alerts. */
final class StoreOptions {
    @Option(names = "--db", paramLabel = "DB", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The alert database: an SQLite file (default: ${DEFAULT-VALUE} in the working directory) "
                    + "or postgresql://HOST/DB?user=NAME. Commands that only read or triage need an existing one.")
    String db;

    /** Opens the database, creating an SQLite file when missing: for commands that add to it. */
    JdbcAlertStore open() {
        return AlertStores.open(db);
    }

    /** Opens an existing database: for commands that read or triage what a scan stored. */
    JdbcAlertStore openExisting() {
        return AlertStores.openExisting(db);
    }

    /**
     * The SQLite file, for what runs only on one so far ({@code serve --watch}); a PostgreSQL --db
     * is refused with a clear message.
     */
    java.nio.file.Path file() {
        if (dev.vigil.store.PostgresUrl.matches(db)) {
            throw new IllegalArgumentException("serve --watch runs on an SQLite --db for now, not on "
                    + AlertStores.describe(db));
        }
        return java.nio.file.Path.of(db);
    }

    /** The database for messages: a PostgreSQL URL without its password. */
    String describe() {
        return AlertStores.describe(db);
    }
}
