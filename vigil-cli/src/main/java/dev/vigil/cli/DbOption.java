package dev.vigil.cli;

import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.SqliteAlertStore;
import picocli.CommandLine.Option;

/**
 * The {@code --db} option alone, for commands that read the database or change nothing a history
 * records (listing, showing, exporting, the outbox): they have no {@code --actor} to offer.
 */
final class DbOption {
    @Option(names = "--db", paramLabel = "DB", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The alert database a scan stored into: an SQLite file (default: ${DEFAULT-VALUE} in the "
                    + "working directory), which must exist, or postgresql://HOST/DB?user=NAME.")
    String db;

    AlertStore openExisting() {
        return AlertStores.openExisting(db);
    }

    /** The database for messages: a PostgreSQL URL without its password. */
    String describe() {
        return AlertStores.describe(db);
    }
}
