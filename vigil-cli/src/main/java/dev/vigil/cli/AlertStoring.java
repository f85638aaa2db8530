package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.output.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.SqliteAlertStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Stores a scan's alerts with the database's suppression rules applied. Never fails the scan: the
 * harness and the README run {@code vigil scan} from folders that may be read-only, so any store
 * problem is one warning on standard error and the scan's exit code stays what it was.
 */
final class AlertStoring {
    private AlertStoring() {}

    static void store(Path db, List<Alert> alerts, PrintStream err, boolean quiet) {
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            AlertStore.UpsertResult r = s.upsert(alerts, new Suppressor(s.rules(), System.currentTimeMillis()), user());
            if (!quiet && !alerts.isEmpty()) {
                err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                        "vigil: stored in %s: %d new, %d updated alerts%s", db, r.inserted(), r.merged(),
                        r.suppressed() > 0 ? ", " + r.suppressed() + " dismissed by suppression rules" : ""), 1000));
            }
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the SQLite native library may not load on an unusual platform.
            err.println(TerminalText.sanitize("vigil: warning: alerts not stored (use --no-db to skip storing): "
                    + e.getMessage(), 1000));
        }
    }

    private static String user() {
        String u = System.getenv("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name", "unknown") : u;
    }
}
