package dev.vigil.cli;

import dev.vigil.store.SqliteAlertStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option of every command that reads or writes alerts. */
final class StoreOptions {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The alert database (SQLite file, created when missing; default: ${DEFAULT-VALUE} "
                    + "in the working directory).")
    Path db;

    SqliteAlertStore open() {
        return SqliteAlertStore.open(db);
    }
}
