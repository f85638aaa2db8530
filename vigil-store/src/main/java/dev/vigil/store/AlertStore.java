package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import java.util.List;
import java.util.Optional;

/**
 * Where alerts live between scans: alerts merged by id, their triage history, suppression rules
 * and the outbox of deliveries still owed to a sink. {@link JdbcAlertStore} implements it on SQLite
 * ({@link SqliteAlertStore}, the default) and PostgreSQL ({@link PostgresAlertStore});
 * {@link AlertStores} opens the one {@code --db} names.
 *
 * <p>Errors are {@link StoreException}s naming the database. Implementations say whether they
 * are thread-safe.
 */
public interface AlertStore extends AutoCloseable {
    /**
     * Evidence kept per stored alert (detections, earliest first): enough that {@code alerts show
     * --all} shows every line of all but the largest alerts, bounded so one alert's row stays small.
     * A scan should keep as many per alert.
     */
    int EVIDENCE_KEPT = 100;

    /** The schema version the database is at after opening (and migrating). */
    int schemaVersion();

    /**
     * Stores alerts in one transaction. An alert whose id is already stored is merged into it
     * (counts per source, first/last seen, rules, a bounded evidence sample) rather than added
     * again, so storing the same scan twice changes nothing. New alerts that a rule of
     * {@code suppressor} matches are stored as Dismissed, naming the rule, with a history row by
     * {@code actor}; so are stored alerts still Active that a rule now matches.
     */
    UpsertResult upsert(List<Alert> alerts, Suppressor suppressor, String actor);

    /**
     * As {@link #upsert}, and keeps {@code state} under {@code stateName} in the same transaction:
     * {@code vigil watch} commits the alerts it raised with the file positions and detector state
     * that produced them, so a restart resumes exactly where the last commit stopped.
     */
    UpsertResult upsert(List<Alert> alerts, Suppressor suppressor, String actor, String stateName, byte[] state);

    /**
     * As {@link #upsert(List, Suppressor, String, String, byte[])}, and queues in the outbox, in the
     * same transaction, one delivery per outlet for each alert that is new or grew since the last
     * update queued there ({@link dev.vigil.export.sink.Outlet#wants}), leaving out alerts a rule of
     * {@code suppressor} dismisses: a watch's sinks get each committed update exactly once in the
     * outbox, however often a commit is handed over again after a restart.
     *
     * @param stateName null to keep no state (a watch of standard input)
     */
    UpsertResult upsert(List<Alert> alerts, Suppressor suppressor, String actor, String stateName, byte[] state,
                        List<dev.vigil.export.sink.Outlet> outlets);

    /** The state last kept under {@code name} by {@link #upsert(List, Suppressor, String, String, byte[])}. */
    Optional<byte[]> state(String name);

    /** Every state kept by {@link #upsert(List, Suppressor, String, String, byte[])}, by name. */
    List<NamedState> states();

    /** A watch's state as last committed. */
    record NamedState(String name, byte[] state, long updatedMillis) {}

    /** What {@link #upsert} did. */
    record UpsertResult(int inserted, int merged, int suppressed) {}

    /** The alert with this id, or the only one whose id starts with it (at least 6 characters). */
    Optional<StoredAlert> find(String idOrPrefix);

    /**
     * Alerts matching the query, most recently seen first: at most {@code query.limit()} of them
     * (all for 0), starting after {@code query.cursor()}, with the cursor of the next page when
     * more remain. Paging with the cursors while others store alerts neither repeats nor skips an
     * alert whose place in the order does not change meanwhile ({@link AlertCursor}).
     *
     * @throws IllegalArgumentException for a cursor this store did not make
     */
    AlertPage page(AlertQuery query);

    /** The alerts of {@link #page}, without the next cursor. */
    default List<StoredAlert> list(AlertQuery query) {
        return page(query).alerts();
    }

    /**
     * The alerts incidents are built from: not dismissed, no samples, most recently seen first,
     * at most {@code limit}, without their evidence and per-source counts (regrouping reads
     * neither; leaving them out keeps the memory this takes to the alerts themselves).
     */
    List<dev.vigil.alert.Alert> alertsForIncidents(int limit);

    /**
     * Changes an alert's status, recording time, actor and comment. Throws
     * {@link IllegalArgumentException} for an unknown id and {@link IllegalStateException} for a
     * change the workflow does not allow (see {@link AlertStatus#next()}).
     */
    StatusChange setStatus(String idOrPrefix, AlertStatus to, String actor, String comment);

    /**
     * Changes the status of several alerts (ids or unique prefixes) in one transaction, each on its
     * own: an unknown id or a change the workflow does not allow fails that id alone, with the
     * message {@link #setStatus} would throw.
     *
     * @return one result per id, in the order given
     */
    List<StatusResult> setStatuses(List<String> idsOrPrefixes, AlertStatus to, String actor, String comment);

    /** What {@link #setStatuses} did for one id: the change, or why there was none. */
    record StatusResult(String id, StatusChange change, String error) {
        public boolean ok() {
            return change != null;
        }
    }

    /** The status changes of an alert, oldest first. */
    List<StatusChange> history(String id);

    /**
     * Counts over every stored alert for an overview: by status and severity, open alerts per day
     * for the {@code days} days up to the latest, and the {@code top} alert types, client IPs and
     * hosts with the most open alerts. Kept as alerts are written, so it reads no alert.
     */
    AlertSummary summary(int top, int days);

    /** The ids of the stored incidents that hold this alert (by full id). */
    List<String> incidentsOf(String alertId);

    void addRule(SuppressionRule rule);

    /** All rules, oldest first. */
    List<SuppressionRule> rules();

    Optional<SuppressionRule> rule(String id);

    boolean removeRule(String id);

    boolean setRuleEnabled(String id, boolean enabled);

    /**
     * The stored alerts a rule would dismiss (matching and not already Dismissed), whether or not
     * the rule is enabled or stored: what {@code vigil suppress simulate} counts.
     */
    List<StoredAlert> wouldSuppress(SuppressionRule rule);

    /**
     * Keeps a delivery that failed, to retry on a later run.
     *
     * @param destination what to show for the destination; never a secret (a redacted URL)
     * @param destKey     the destination's key (deliveries are retried and reported per key)
     * @param reference   how to find the real destination again, or null; never a secret
     */
    void enqueue(String sink, String destination, String destKey, String reference, String payload, String error);

    /** Removes deliveries that were delivered, in one transaction. */
    void outboxDelivered(List<String> entryIds);

    /** Deliveries still owed to a sink kind ({@code webhook}), oldest first. */
    List<OutboxEntry> outbox(String sink);

    /** What is owed to each destination of a sink (of every sink when null), the destination owed longest first. */
    List<OutboxDestination> outboxDestinations(String sink);

    /** Deliveries still owed to one destination of a sink, oldest first, at most {@code limit}. */
    List<OutboxEntry> outbox(String sink, String destKey, int limit);

    /** A retried delivery: removed when delivered, else its attempt count and error updated. */
    void outboxResult(String entryId, boolean delivered, String error);

    /**
     * Drops the deliveries owed to one destination ({@code destKey}), or to all when null, of one
     * sink (of every sink when {@code sink} is null); returns how many.
     */
    int purgeOutbox(String sink, String destKey);

    /**
     * Replaces the stored incidents with {@code incidents}, a full recomputation from the stored
     * alerts ({@link #regroupIncidents} is the incremental one scans use), keeping ids
     * stable: a new incident that shares alerts with a stored one takes that incident's id and
     * status (the one it shares most with, each stored id used once), so adding, dismissing or
     * suppressing alerts never renames an incident. A stored id no longer used is kept as an
     * alias: to the incident that took most of its alerts, or to none.
     *
     * @return the incidents as stored, in the order given, with the ids and statuses they got
     */
    List<StoredIncident> replaceIncidents(List<StoredIncident> incidents);

    /**
     * Regroups into incidents the alerts stored or triaged since the last regrouping, together
     * with the stored incidents they can join, and stores the result (ids kept as
     * {@link #replaceIncidents} keeps them). The incidents are those a full recomputation of every
     * stored alert by {@code correlator} would give; only the part that can have changed is read
     * and recomputed. The first regrouping of a database migrated from before version 7 is a full
     * one, over the {@code fullLimit} most recently seen alerts.
     *
     * @return the incidents recomputed, in the correlator's order, with the ids they have in the store
     */
    List<dev.vigil.incident.Incident> regroupIncidents(dev.vigil.incident.IncidentCorrelator correlator, int fullLimit);

    /** Stored incidents, most severe first, then most recent. */
    List<StoredIncident> incidents();

    /** The incident with this id, or the only one whose id starts with it. */
    Optional<StoredIncident> incident(String idOrPrefix);

    /**
     * What became of an incident id no longer stored: the id it was merged into, an empty string
     * when its alerts are all gone (dismissed or removed), or empty when the id was never used.
     */
    Optional<String> incidentAlias(String id);

    /** Changes an incident's status as {@link #setStatus} does for alerts, with history. */
    StatusChange setIncidentStatus(String idOrPrefix, AlertStatus to, String actor, String comment);

    /** The status changes of an incident, oldest first ({@link StatusChange#alertId} holds the incident id). */
    List<StatusChange> incidentHistory(String id);

    /** Registers (or updates) a threat-intel feed that later scans with this database load. */
    void registerFeed(Feed feed);

    /** Unregisters the feed whose path, or whose URL for a fetched feed, is given. */
    boolean removeFeed(String pathOrUrl);

    List<Feed> feeds();

    /**
     * A registered threat-intel feed: where it is and what it held when loaded. A feed fetched from
     * a URL also has its {@code url} (its {@code path} is then the local copy scans read), the
     * validators of that copy ({@code etag}, {@code lastModified}) for a conditional refresh, the
     * refresh interval a watch keeps ({@code refreshMillis}, 0 for by hand only), and when it was
     * last refreshed with what outcome (kept when a refresh fails, so {@code ti list} shows it).
     */
    record Feed(String path, String name, String format, int indicators, long loadedMillis, String url,
                String etag, String lastModified, long refreshMillis, long refreshedMillis, String outcome) {
        /** A feed file on disk, loaded by hand. */
        public Feed(String path, String name, String format, int indicators, long loadedMillis) {
            this(path, name, format, indicators, loadedMillis, null, null, null, 0, 0, null);
        }

        public boolean fetched() {
            return url != null;
        }
    }

    @Override
    void close();
}
