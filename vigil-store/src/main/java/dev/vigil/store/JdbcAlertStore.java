package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert store on a JDBC database: a facade over one repository per aggregate (alerts and
 * their history, incidents, suppression rules, the outbox, feeds), with {@link Database} for
 * connections, transactions and retries and a {@link SqlDialect} for what differs between SQLite
 * ({@link SqliteAlertStore}) and PostgreSQL ({@link PostgresAlertStore}).
 *
 * <p>Thread-safe: every call takes its own connection from the pool (SQLite writes share one
 * connection, in turn), and writes are serialised across processes by the dialect's write lock.
 */
public class JdbcAlertStore implements AlertStore {
    private final Database db;
    private final int version;
    private final AlertRepository alerts = new AlertRepository();
    private final IncidentRepository incidents = new IncidentRepository();
    private final SuppressionRuleRepository rules = new SuppressionRuleRepository();
    private final OutboxRepository outbox = new OutboxRepository();
    private final FeedRepository feeds = new FeedRepository();
    private final WatchStateRepository watches = new WatchStateRepository();
    private final IncidentRegrouping regrouping = new IncidentRegrouping(alerts, incidents);

    JdbcAlertStore(Database db, int version) {
        this.db = db;
        this.version = version;
    }

    final Database database() {
        return db;
    }

    /** Where the alerts are, as safe to show: a file, or a PostgreSQL URL without its password. */
    public final String location() {
        return db.name();
    }

    @Override
    public int schemaVersion() {
        return version;
    }

    @Override
    public UpsertResult upsert(List<Alert> all, Suppressor suppressor, String actor) {
        return upsert(all, suppressor, actor, null, null);
    }

    @Override
    public Optional<byte[]> state(String name) {
        return db.read(c -> watches.get(c, name));
    }

    @Override
    public List<NamedState> states() {
        return db.read(watches::all);
    }

    @Override
    public UpsertResult upsert(List<Alert> all, Suppressor suppressor, String actor, String stateName, byte[] state) {
        return upsert(all, suppressor, actor, stateName, state, List.of());
    }

    @Override
    public UpsertResult upsert(List<Alert> all, Suppressor suppressor, String actor, String stateName, byte[] state,
                               List<dev.vigil.export.sink.Outlet> outlets) {
        // Same id twice in one call (two aggregators, or a caller's retry) merges first.
        Map<String, Alert> byId = new LinkedHashMap<>();
        for (Alert a : all) {
            byId.merge(a.id(), a, AlertMerge::merge);
        }
        List<Alert> merged = new ArrayList<>(byId.values());
        long now = System.currentTimeMillis();
        return db.write(c -> {
            UpsertResult r = alerts.upsert(c, merged, suppressor, actor, now);
            if (stateName != null) {
                watches.put(c, stateName, state, now);
            }
            if (!outlets.isEmpty()) {
                List<Alert> sent = merged.stream().filter(a -> suppressor == null || suppressor.match(a).isEmpty()).toList();
                outbox.queue(c, sent, outlets, now);
            }
            return r;
        });
    }

    @Override
    public Optional<StoredAlert> find(String idOrPrefix) {
        if (AlertRepository.key(idOrPrefix) == null) {
            return Optional.empty();
        }
        return db.read(c -> alerts.find(c, idOrPrefix));
    }

    @Override
    public AlertPage page(AlertQuery query) {
        AlertRepository.PageQuery q = AlertRepository.pageQuery(query); // a bad cursor fails here
        return db.read(c -> alerts.page(c, q));
    }

    @Override
    public List<Alert> alertsForIncidents(int limit) {
        return db.read(c -> alerts.forIncidents(c, limit));
    }

    @Override
    public StatusChange setStatus(String idOrPrefix, AlertStatus to, String actor, String comment) {
        StoredAlert s = find(idOrPrefix).orElseThrow(() ->
                new IllegalArgumentException("no alert with id '" + idOrPrefix + "' in " + db.name()));
        long now = System.currentTimeMillis();
        return db.write(c -> alerts.setStatus(c, s.alert().id(), to, actor, comment, now));
    }

    @Override
    public List<StatusChange> history(String id) {
        return db.read(c -> StatusHistory.ALERTS.of(c, id));
    }

    @Override
    public void addRule(SuppressionRule rule) {
        db.write(c -> {
            rules.add(c, rule);
            return null;
        });
    }

    @Override
    public List<SuppressionRule> rules() {
        return db.read(rules::all);
    }

    @Override
    public Optional<SuppressionRule> rule(String id) {
        return db.read(c -> rules.byId(c, id)).stream().findFirst();
    }

    @Override
    public boolean removeRule(String id) {
        return db.write(c -> rules.remove(c, id));
    }

    @Override
    public boolean setRuleEnabled(String id, boolean enabled) {
        return db.write(c -> rules.setEnabled(c, id, enabled));
    }

    @Override
    public List<StoredAlert> wouldSuppress(SuppressionRule rule) {
        AlertQuery q = new AlertQuery(EnumSet.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED),
                null, rule.alertType(), null, null, 0);
        return list(q).stream().filter(s -> !s.alert().sample() && rule.matches(s.alert())).toList();
    }

    @Override
    public void enqueue(String sink, String destination, String destKey, String reference, String payload, String error) {
        db.write(c -> {
            outbox.enqueue(c, sink, destination, destKey, reference, payload, error);
            return null;
        });
    }

    @Override
    public void outboxDelivered(List<String> entryIds) {
        if (entryIds.isEmpty()) {
            return;
        }
        db.write(c -> {
            outbox.delivered(c, entryIds);
            return null;
        });
    }

    @Override
    public List<OutboxEntry> outbox(String sink) {
        return db.read(c -> outbox.entries(c, sink, null, -1));
    }

    @Override
    public List<OutboxDestination> outboxDestinations(String sink) {
        return db.read(c -> outbox.destinations(c, sink));
    }

    @Override
    public List<OutboxEntry> outbox(String sink, String destKey, int limit) {
        return db.read(c -> outbox.entries(c, sink, destKey, Math.max(0, limit)));
    }

    @Override
    public void outboxResult(String entryId, boolean delivered, String error) {
        db.write(c -> {
            outbox.result(c, entryId, delivered, error);
            return null;
        });
    }

    @Override
    public int purgeOutbox(String sink, String destKey) {
        return db.write(c -> outbox.purge(c, sink, destKey));
    }

    @Override
    public List<StoredIncident> replaceIncidents(List<StoredIncident> list) {
        long now = System.currentTimeMillis();
        return db.write(c -> incidents.replace(c, list, now));
    }

    @Override
    public List<dev.vigil.incident.Incident> regroupIncidents(dev.vigil.incident.IncidentCorrelator correlator,
                                                              int fullLimit) {
        long now = System.currentTimeMillis();
        return db.write(c -> regrouping.regroup(c, correlator, fullLimit, now));
    }

    @Override
    public List<StoredIncident> incidents() {
        return db.read(incidents::all);
    }

    @Override
    public Optional<StoredIncident> incident(String idOrPrefix) {
        return db.read(c -> incidents.find(c, idOrPrefix));
    }

    @Override
    public Optional<String> incidentAlias(String id) {
        return db.read(c -> incidents.alias(c, id));
    }

    @Override
    public StatusChange setIncidentStatus(String idOrPrefix, AlertStatus to, String actor, String comment) {
        StoredIncident i = incident(idOrPrefix).orElseThrow(() ->
                new IllegalArgumentException("no incident with id '" + idOrPrefix + "' in " + db.name()));
        long now = System.currentTimeMillis();
        return db.write(c -> incidents.setStatus(c, i.id(), to, actor, comment, now));
    }

    @Override
    public List<StatusChange> incidentHistory(String id) {
        return db.read(c -> StatusHistory.INCIDENTS.of(c, id));
    }

    @Override
    public void registerFeed(Feed feed) {
        db.write(c -> {
            feeds.register(c, feed);
            return null;
        });
    }

    @Override
    public boolean removeFeed(String path) {
        return db.write(c -> feeds.remove(c, path));
    }

    @Override
    public List<Feed> feeds() {
        return db.read(feeds::all);
    }

    @Override
    public void close() {
        db.close();
    }
}
