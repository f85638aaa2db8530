package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentCorrelator;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.AlertStores;
import dev.vigil.store.PostgresUrl;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Stores a scan's alerts with the database's suppression rules applied. A store that fails is an
 * error, not a warning: the alerts of that scan are not in the database, so the scan reports it
 * and exits {@link Main#EXIT_FAILED}. Scans that are not meant to store use {@code --no-db}.
 */
final class AlertStoring {
    /**
     * How many stored alerts (most recently seen first) the one full regrouping of a database
     * migrated from before incremental regrouping reads: the memory it takes is bounded by this.
     */
    static final int INCIDENT_ALERTS = 50_000;

    private AlertStoring() {}

    /**
     * What storing did.
     *
     * @param incidents the incidents regrouped (every one holding an alert of this scan, unless another
     *                  writer regrouped them first), or null when the store failed
     * @param failed    the alerts are not (all) stored; the error was printed
     */
    record Stored(List<Incident> incidents, boolean failed) {}

    /**
     * Stores the alerts, then regroups them into incidents with the stored incidents they can
     * join, so a story can span scans: the access log today, the process trace tomorrow. Only what
     * the new alerts (and triage since the last scan) touch is recomputed, with the result a
     * regrouping of every stored alert would give (see {@link AlertStore#regroupIncidents}).
     * A database busy with another scan is waited for (see {@link dev.vigil.store.JdbcAlertStore}).
     */
    static Stored store(String db, List<Alert> alerts, PrintStream err, boolean quiet) {
        try (AlertStore s = AlertStores.open(db)) {
            AlertStore.UpsertResult r = s.upsert(alerts, new Suppressor(s.rules(), System.currentTimeMillis()), user());
            List<Incident> incidents = s.regroupIncidents(new IncidentCorrelator(), INCIDENT_ALERTS);
            if (!quiet && !alerts.isEmpty()) {
                err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                        "vigil: stored in %s: %d new, %d updated alerts%s", AlertStores.describe(db), r.inserted(), r.merged(),
                        r.suppressed() > 0 ? ", " + r.suppressed() + " dismissed by suppression rules" : ""), 1000));
            }
            return new Stored(incidents, false);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the SQLite native library may not load on an unusual platform.
            err.println(TerminalText.sanitize("vigil: error: " + alerts.size() + " alerts not stored (use --no-db "
                    + "to scan without storing): " + e.getMessage(), 1000));
            return new Stored(null, true);
        }
    }

    /** The feed files registered in the database; missing ones are reported and left out. */
    static List<Path> registeredFeeds(String db, PrintStream err) {
        return registeredFeeds(db, err, false);
    }

    /**
     * The feed files registered in {@code db}, with the local copies of fetched feeds (fetched now
     * when missing, and when {@code dueAtStart}, as for a watch, also when their interval passed).
     */
    static List<Path> registeredFeeds(String db, PrintStream err, boolean dueAtStart) {
        List<Path> out = new java.util.ArrayList<>();
        if (!PostgresUrl.matches(db) && !Files.exists(Path.of(db))) {
            return out; // no database yet, so no feeds registered in it
        }
        try (AlertStore s = AlertStores.openExisting(db)) {
            dev.vigil.ti.fetch.FeedFetcher fetcher = null;
            for (AlertStore.Feed f : s.feeds()) {
                Path p = Path.of(f.path());
                if (f.fetched() && (!Files.isReadable(p) || (dueAtStart && FeedRefresher.due(f, FeedRefresher.clock.getAsLong())))) {
                    // no local copy here (another machine, a cleaned cache) or a watch's interval passed:
                    // fetch it now; a failure keeps whatever copy there is
                    if (fetcher == null) {
                        fetcher = FeedRefresher.fetcher();
                    }
                    FeedRefresher.fetch(s, fetcher, f.url(), f, f.refreshMillis(), err, true);
                    if (Files.isReadable(p)) {
                        out.add(p);
                    }
                    continue;
                }
                if (java.nio.file.Files.isReadable(p)) {
                    out.add(p);
                } else {
                    err.println(TerminalText.sanitize("vigil: warning: registered feed " + p
                            + " is missing; 'vigil ti remove' it or restore the file", 1000));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            err.println(TerminalText.sanitize("vigil: warning: cannot read registered feeds: " + e.getMessage(), 1000));
        }
        return out;
    }

    private static String user() {
        String u = System.getenv("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name", "unknown") : u;
    }
}
