package dev.vigil.cli;

import dev.vigil.store.SqliteAlertStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} and {@code --actor} options of every command that reads or writes alerts. */
final class StoreOptions {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${sys:vigil.db:-" + SqliteAlertStore.DEFAULT_FILE + "}",
            description = "The alert database (SQLite file, created when missing; default: ${DEFAULT-VALUE} "
                    + "in the working directory).")
    Path db;

    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who makes the change, for the history (default: $USER).")
    String actor;

    SqliteAlertStore open() {
        return SqliteAlertStore.open(db);
    }

    String actor() {
        if (actor != null && !actor.isBlank()) {
            return actor;
        }
        String u = System.getenv("USER");
        if (u == null || u.isBlank()) {
            u = System.getProperty("user.name", "");
        }
        return u.isBlank() ? "unknown" : u;
    }
}
