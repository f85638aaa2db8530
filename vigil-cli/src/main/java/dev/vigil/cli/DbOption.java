package dev.vigil.cli;

import dev.vigil.store.SqliteAlertStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --db} option alone, for commands that read the database or change nothing a history
 * records (listing, showing, exporting, the outbox): they have no {@code --actor} to offer.
 */
final class DbOption {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The alert database a scan stored into (default: ${DEFAULT-VALUE} in the working directory); "
                    + "it must exist.")
    Path db;

    SqliteAlertStore openExisting() {
        return SqliteAlertStore.openExisting(db);
    }
}
