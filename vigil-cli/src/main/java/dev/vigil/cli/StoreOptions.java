package dev.vigil.cli;

import dev.vigil.store.SqliteAlertStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option of every command that reads or writes alerts. */
final class StoreOptions {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The alert database (SQLite file; default: ${DEFAULT-VALUE} in the working directory). "
                    + "Commands that only read or triage need an existing one.")
    Path db;

    /** Opens the database, creating it when missing: for commands that add to it. */
    SqliteAlertStore open() {
        return SqliteAlertStore.open(db);
    }

    /** Opens an existing database: for commands that read or triage what a scan stored. */
    SqliteAlertStore openExisting() {
        return SqliteAlertStore.openExisting(db);
    }
}
