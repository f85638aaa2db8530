package dev.vigil.cli;

import dev.vigil.alert.Alert;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentCorrelator;
import dev.vigil.store.StoredIncident;
import dev.vigil.text.TerminalText;
import dev.vigil.store.AlertStore;
import dev.vigil.store.SqliteAlertStore;
import java.io.PrintStream;
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
     * How many stored alerts (most recently seen first) a scan regroups into incidents: the
     * memory regrouping takes is bounded by this, not by how many alerts the database holds.
     */
    static final int INCIDENT_ALERTS = 50_000;

    private AlertStoring() {}

    /**
     * What storing did.
     *
     * @param incidents every stored alert regrouped, or null when the store failed
     * @param failed    the alerts are not (all) stored; the error was printed
     */
    record Stored(List<Incident> incidents, boolean failed) {}

    /**
     * Stores the alerts, then regroups every stored alert (samples and dismissed ones aside) into
     * incidents, so a story can span scans: the access log today, the process trace tomorrow.
     * A database busy with another scan is waited for (see {@link SqliteAlertStore}).
     */
    static Stored store(Path db, List<Alert> alerts, PrintStream err, boolean quiet) {
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            AlertStore.UpsertResult r = s.upsert(alerts, new Suppressor(s.rules(), System.currentTimeMillis()), user());
            List<Alert> stored = s.alertsForIncidents(INCIDENT_ALERTS + 1);
            if (stored.size() > INCIDENT_ALERTS) {
                stored = stored.subList(0, INCIDENT_ALERTS);
                if (!quiet) {
                    err.println("vigil: note: incidents regrouped from the " + INCIDENT_ALERTS
                            + " most recently seen alerts of the database; older ones keep their incidents' last state");
                }
            }
            List<Incident> computed = new IncidentCorrelator().correlate(stored);
            long now = System.currentTimeMillis();
            List<StoredIncident> kept = s.replaceIncidents(computed.stream().map(i -> StoredIncident.of(i, now)).toList());
            // show the ids the store kept (stable across scans), not the freshly computed ones
            List<Incident> incidents = new java.util.ArrayList<>(computed.size());
            for (int i = 0; i < computed.size(); i++) {
                Incident c = computed.get(i);
                incidents.add(new Incident(kept.get(i).id(), c.title(), c.severity(), c.outcome(), c.narrative(),
                        c.alerts(), c.ips(), c.hosts(), c.firstSeen(), c.lastSeen()));
            }
            if (!quiet && !alerts.isEmpty()) {
                err.println(TerminalText.sanitize(String.format(Locale.ROOT,
                        "vigil: stored in %s: %d new, %d updated alerts%s", db, r.inserted(), r.merged(),
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
    static List<Path> registeredFeeds(Path db, PrintStream err) {
        List<Path> out = new java.util.ArrayList<>();
        try (SqliteAlertStore s = SqliteAlertStore.openExisting(db)) {
            for (AlertStore.Feed f : s.feeds()) {
                Path p = Path.of(f.path());
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
