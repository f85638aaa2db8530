package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.vigil.export.webhook.WebhookTarget;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The alert store in one SQLite file ({@code vigil.db} by default), created and migrated on open.
 * Write-ahead logging lets {@code vigil alerts list} read while a scan writes; a busy timeout
 * makes a second writer wait instead of failing at once.
 *
 * <p>Not thread-safe: one JDBC connection, used by one thread at a time.
 */
public final class SqliteAlertStore implements AlertStore {
    /** The database file used when no {@code --db} is given, in the working directory. */
    public static final String DEFAULT_FILE = "vigil.db";
    private static final int BATCH = 500;
    /** How long SQLite itself waits for another writer's lock before answering SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /**
     * How long a transaction is retried while the database stays busy (a long scan of another
     * process storing 100,000 alerts holds the lock for seconds at a time, repeatedly).
     */
    static final long BUSY_RETRY_MILLIS = 5 * 60_000L;
    private static final String COLUMNS = "id, alert_type, severity, severity_rank, status, confidence, first_seen, "
            + "last_seen, detections, client_ip, host, url, process_cmd, entities, rules, evidence, sources, "
            + "sample, suppressed_by, created_at, updated_at";

    private final Path file;
    private final Connection db;
    private final int version;

    private SqliteAlertStore(Path file, Connection db, int version) {
        this.file = file;
        this.db = db;
        this.version = version;
    }

    /** Opens (creating and migrating when needed) the database at {@code file}: for commands that store. */
    public static SqliteAlertStore open(Path file) {
        return open(file, true);
    }

    /**
     * Opens the database at {@code file} only if it exists: for commands that read ({@code alerts
     * list}, exports), so a mistyped {@code --db} is an error instead of a new empty database.
     */
    public static SqliteAlertStore openExisting(Path file) {
        if (!Files.exists(file)) {
            throw new StoreException("no alert database at " + file
                    + " (check --db; 'vigil scan --db " + file + " LOGS' creates one)", null);
        }
        return open(file, false);
    }

    private static SqliteAlertStore open(Path file, boolean create) {
        Connection c = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new SQLException("folder " + parent + " does not exist");
            }
            SQLiteConfig config = new SQLiteConfig();
            if (!create) {
                // without SQLITE_OPEN_CREATE, so a file removed since the check is not recreated
                config.resetOpenMode(SQLiteOpenMode.CREATE);
            }
            // BEGIN IMMEDIATE: a writer takes the write lock when its transaction starts and waits
            // there (busy_timeout). A deferred transaction would read first and then fail at once
            // with SQLITE_BUSY when it tries to write after another writer committed, which is how
            // two scans into one database lost half their alerts.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            c = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
            int v = migrate(c);
            redactLegacyOutbox(c);
            return new SqliteAlertStore(file, c, v);
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open failed already; that is the error to report
                }
            }
            throw new StoreException("cannot open alert database " + file + ": " + message(e), e);
        }
    }

    private static int migrate(Connection c) throws SQLException {
        // A database already at the latest version needs no write lock: opening it while another
        // process stores (WAL readers never wait) must not queue behind that writer.
        Integer known = readVersion(c);
        if (known != null && known == Schema.latest()) {
            return known;
        }
        long deadline = System.nanoTime() + BUSY_RETRY_MILLIS * 1_000_000L;
        while (true) {
            try {
                return migrateNow(c);
            } catch (SQLException e) {
                if (!busy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for another process to finish writing", ie);
            }
        }
    }

    /** The schema version, or null for a database without the version table (new or not ours). */
    private static Integer readVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            if (!rs.next()) {
                return null;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    private static int migrateNow(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            int current = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            if (current > Schema.latest()) {
                throw new SQLException("the database is at schema version " + current
                        + ", newer than this Vigil knows (" + Schema.latest() + "); use a newer Vigil");
            }
            for (Schema.Migration m : Schema.MIGRATIONS) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                current = m.version();
            }
            c.commit();
            return current;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the rollback above ended the transaction already
            }
        }
    }

    /** For tests in this package: the connection, to shape faults (a size limit, a lock). */
    Connection connection() {
        return db;
    }

    public Path file() {
        return file;
    }

    @Override
    public int schemaVersion() {
        return version;
    }

    @Override
    public UpsertResult upsert(List<Alert> alerts, Suppressor suppressor, String actor) {
        // Same id twice in one call (two aggregators, or a caller's retry) merges first.
        Map<String, Alert> byId = new LinkedHashMap<>();
        for (Alert a : alerts) {
            byId.merge(a.id(), a, AlertMerge::merge);
        }
        List<Alert> all = new ArrayList<>(byId.values());
        long now = System.currentTimeMillis();
        return inTransaction(() -> {
            int ins = 0;
            int mer = 0;
            int sup = 0;
            try (PreparedStatement up = db.prepareStatement("INSERT INTO alerts (" + COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "severity = excluded.severity, severity_rank = excluded.severity_rank, status = excluded.status, "
                    + "confidence = excluded.confidence, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                    + "detections = excluded.detections, client_ip = excluded.client_ip, host = excluded.host, "
                    + "url = excluded.url, process_cmd = excluded.process_cmd, entities = excluded.entities, "
                    + "rules = excluded.rules, evidence = excluded.evidence, sources = excluded.sources, "
                    + "sample = excluded.sample, suppressed_by = excluded.suppressed_by, updated_at = excluded.updated_at");
                 PreparedStatement hist = db.prepareStatement("INSERT INTO alert_history "
                         + "(alert_id, seq, changed_at, from_status, to_status, actor, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int from = 0; from < all.size(); from += BATCH) {
                    List<Alert> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
                    Map<String, StoredAlert> existing = load(chunk);
                    for (Alert a : chunk) {
                        StoredAlert old = existing.get(a.id());
                        Alert value = old == null ? a : AlertMerge.merge(old.alert(), a);
                        AlertStatus status = old == null ? AlertStatus.ACTIVE : old.status();
                        String by = old == null ? null : old.suppressedBy();
                        if (status == AlertStatus.ACTIVE && !value.sample()) {
                            Optional<SuppressionRule> rule = suppressor.match(value);
                            if (rule.isPresent()) {
                                by = rule.get().id();
                                int seq = old == null ? 1 : nextSeq(a.id());
                                history(hist, a.id(), seq, now, old == null ? null : AlertStatus.ACTIVE,
                                        AlertStatus.DISMISSED, actor, "suppressed by rule " + by + ": " + rule.get().reason());
                                status = AlertStatus.DISMISSED;
                                sup++;
                            }
                        }
                        bind(up, value, status, by, old == null ? now : old.createdMillis(), now);
                        up.addBatch();
                        if (old == null) {
                            ins++;
                        } else {
                            mer++;
                        }
                    }
                    up.executeBatch();
                    hist.executeBatch();
                }
            }
            return new UpsertResult(ins, mer, sup);
        });
    }

    private static void history(PreparedStatement hist, String id, int seq, long now, AlertStatus from, AlertStatus to,
                                String actor, String comment) throws SQLException {
        hist.setString(1, id);
        hist.setInt(2, seq);
        hist.setLong(3, now);
        hist.setString(4, from == null ? null : from.label());
        hist.setString(5, to.label());
        hist.setString(6, actor == null ? "" : actor);
        hist.setString(7, comment == null ? "" : comment);
        hist.addBatch();
    }

    private int nextSeq(String id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM alert_history WHERE alert_id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Map<String, StoredAlert> load(List<Alert> chunk) throws SQLException {
        Map<String, StoredAlert> out = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE id IN (");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (PreparedStatement p = db.prepareStatement(sql.toString())) {
            for (int i = 0; i < chunk.size(); i++) {
                p.setString(i + 1, chunk.get(i).id());
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    StoredAlert s = read(rs);
                    out.put(s.alert().id(), s);
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement p, Alert a, AlertStatus status, String suppressedBy, long created,
                             long updated) throws SQLException {
        p.setString(1, a.id());
        p.setString(2, a.type().name());
        p.setString(3, a.severity().label());
        p.setInt(4, a.severity().ordinal());
        p.setString(5, status.label());
        p.setInt(6, a.confidence());
        time(p, 7, a.firstSeen());
        time(p, 8, a.lastSeen());
        p.setLong(9, a.count());
        p.setString(10, a.entities().get(AlertEntities.IP));
        p.setString(11, a.entities().get(AlertEntities.HOST));
        p.setString(12, a.entities().get(AlertEntities.URL));
        p.setString(13, a.entities().get(AlertEntities.PROCESS_COMMAND_LINE));
        p.setString(14, AlertCodec.json(a.entities()));
        p.setString(15, AlertCodec.json(a.rules()));
        p.setString(16, AlertCodec.evidenceJson(a.evidence()));
        p.setString(17, AlertCodec.json(a.sources()));
        p.setBoolean(18, a.sample());
        p.setString(19, suppressedBy);
        p.setLong(20, created);
        p.setLong(21, updated);
    }

    private static void time(PreparedStatement p, int i, long t) throws SQLException {
        if (t == Event.NO_TIME) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, t);
        }
    }

    private static StoredAlert read(ResultSet rs) throws SQLException {
        Severity sev = Severity.parse(rs.getString("severity"));
        long first = rs.getLong("first_seen");
        if (rs.wasNull()) {
            first = Event.NO_TIME;
        }
        long last = rs.getLong("last_seen");
        if (rs.wasNull()) {
            last = Event.NO_TIME;
        }
        Alert a = new Alert(rs.getString("id"), AlertCodec.type(rs.getString("alert_type"), sev), sev,
                AlertCodec.stringMap(rs.getString("entities")), first, last, rs.getLong("detections"),
                AlertCodec.strings(rs.getString("rules")), AlertCodec.evidence(rs.getString("evidence")),
                rs.getInt("confidence"), rs.getBoolean("sample"), AlertCodec.longMap(rs.getString("sources")));
        return new StoredAlert(a, AlertStatus.parse(rs.getString("status")), rs.getString("suppressed_by"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    @Override
    public Optional<StoredAlert> find(String idOrPrefix) {
        String key = idOrPrefix.trim().toLowerCase(java.util.Locale.ROOT);
        if (!key.matches("[0-9a-f]{1,64}")) {
            return Optional.empty();
        }
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")) {
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(read(rs));
                    }
                }
            }
            if (key.length() < 6) {
                return Optional.empty();
            }
            try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id LIKE ? LIMIT 2")) {
                p.setString(1, key + "%");
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    StoredAlert s = read(rs);
                    if (rs.next()) {
                        throw new IllegalArgumentException("alert id prefix '" + idOrPrefix + "' is ambiguous; give more of it");
                    }
                    return Optional.of(s);
                }
            }
        });
    }

    @Override
    public List<StoredAlert> list(AlertQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            sql.append(" AND status IN (");
            int i = 0;
            for (AlertStatus s : q.statuses()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                args.add(s.label());
            }
            sql.append(')');
        }
        if (q.minSeverity() != null) {
            sql.append(" AND severity_rank >= ?");
            args.add(q.minSeverity().ordinal());
        }
        if (q.type() != null) {
            sql.append(" AND alert_type = ?");
            args.add(q.type());
        }
        if (q.sinceMillis() != null) {
            sql.append(" AND (last_seen IS NULL OR last_seen >= ?)");
            args.add(q.sinceMillis());
        }
        if (q.entity() != null && !q.entity().isEmpty()) {
            String like = "%" + q.entity().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (client_ip = ? OR LOWER(host) = LOWER(?) OR url LIKE ? ESCAPE '\\' OR process_cmd LIKE ? ESCAPE '\\')");
            args.add(q.entity());
            args.add(q.entity());
            args.add(like);
            args.add(like);
        }
        sql.append(" ORDER BY CASE WHEN last_seen IS NULL THEN 1 ELSE 0 END, last_seen DESC, severity_rank DESC, id");
        if (q.limit() > 0) {
            sql.append(" LIMIT ").append(q.limit());
        }
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                List<StoredAlert> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Alert> alertsForIncidents(int limit) {
        String cols = COLUMNS.replace("evidence,", "'[]' AS evidence,").replace("sources,", "'{}' AS sources,");
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT " + cols + " FROM alerts WHERE status <> ? "
                    + "AND sample = ? ORDER BY last_seen IS NULL, last_seen DESC, id LIMIT ?")) {
                p.setString(1, AlertStatus.DISMISSED.label());
                p.setBoolean(2, false);
                p.setInt(3, Math.max(0, limit));
                List<Alert> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs).alert());
                    }
                }
                return out;
            }
        });
    }

    @Override
    public StatusChange setStatus(String idOrPrefix, AlertStatus to, String actor, String comment) {
        StoredAlert s = find(idOrPrefix).orElseThrow(() ->
                new IllegalArgumentException("no alert with id '" + idOrPrefix + "' in " + file));
        if (!s.status().canBecome(to)) {
            throw new IllegalStateException("alert " + s.alert().id() + " is " + s.status().label()
                    + "; it can become " + String.join(" or ", s.status().next().stream().map(AlertStatus::label).toList())
                    + ", not " + to.label());
        }
        long now = System.currentTimeMillis();
        String id = s.alert().id();
        return inTransaction(() -> {
            int seq = nextSeq(id);
            try (PreparedStatement p = db.prepareStatement(
                    "UPDATE alerts SET status = ?, updated_at = ?, suppressed_by = CASE WHEN ? = 'Active' THEN NULL ELSE suppressed_by END WHERE id = ?")) {
                p.setString(1, to.label());
                p.setLong(2, now);
                p.setString(3, to.label());
                p.setString(4, id);
                p.executeUpdate();
            }
            try (PreparedStatement hist = db.prepareStatement("INSERT INTO alert_history "
                    + "(alert_id, seq, changed_at, from_status, to_status, actor, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                history(hist, id, seq, now, s.status(), to, actor, comment);
                hist.executeBatch();
            }
            return new StatusChange(id, seq, now, s.status(), to, actor == null ? "" : actor, comment == null ? "" : comment);
        });
    }

    @Override
    public List<StatusChange> history(String id) {
        return statusHistory("alert_history", "alert_id", id);
    }

    /** The status changes of one alert or incident, oldest first; table and column are constants of ours. */
    private List<StatusChange> statusHistory(String table, String idColumn, String id) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT " + idColumn + ", seq, changed_at, from_status, "
                    + "to_status, actor, comment FROM " + table + " WHERE " + idColumn + " = ? ORDER BY seq")) {
                p.setString(1, id);
                List<StatusChange> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        String from = rs.getString(4);
                        out.add(new StatusChange(rs.getString(1), rs.getInt(2), rs.getLong(3),
                                from == null ? null : AlertStatus.parse(from), AlertStatus.parse(rs.getString(5)),
                                rs.getString(6), rs.getString(7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void addRule(SuppressionRule r) {
        inTransaction(() -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO suppression_rules (id, alert_type, conditions, "
                    + "reason, comment, expires_at, enabled, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, r.id());
                p.setString(2, r.alertType());
                p.setString(3, r.conditionsJson());
                p.setString(4, r.reason());
                p.setString(5, r.comment());
                if (r.expiresMillis() == null) {
                    p.setNull(6, Types.BIGINT);
                } else {
                    p.setLong(6, r.expiresMillis());
                }
                p.setBoolean(7, r.enabled());
                p.setLong(8, r.createdMillis());
                p.setString(9, r.createdBy());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<SuppressionRule> rules() {
        return queryRules("SELECT * FROM suppression_rules ORDER BY created_at, id", null);
    }

    @Override
    public Optional<SuppressionRule> rule(String id) {
        return queryRules("SELECT * FROM suppression_rules WHERE id = ?", id).stream().findFirst();
    }

    private List<SuppressionRule> queryRules(String sql, String arg) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement(sql)) {
                if (arg != null) {
                    p.setString(1, arg);
                }
                List<SuppressionRule> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long exp = rs.getLong("expires_at");
                        Long expires = rs.wasNull() ? null : exp;
                        out.add(new SuppressionRule(rs.getString("id"), rs.getString("alert_type"),
                                SuppressionRule.parseConditions(rs.getString("conditions")), rs.getString("reason"),
                                rs.getString("comment"), expires, rs.getBoolean("enabled"), rs.getLong("created_at"),
                                rs.getString("created_by")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean removeRule(String id) {
        return update("DELETE FROM suppression_rules WHERE id = ?", id) > 0;
    }

    @Override
    public boolean setRuleEnabled(String id, boolean enabled) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("UPDATE suppression_rules SET enabled = ? WHERE id = ?")) {
                p.setBoolean(1, enabled);
                p.setString(2, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<StoredAlert> wouldSuppress(SuppressionRule rule) {
        AlertQuery q = new AlertQuery(java.util.EnumSet.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED),
                null, rule.alertType(), null, null, 0);
        return list(q).stream().filter(s -> !s.alert().sample() && rule.matches(s.alert())).toList();
    }

    @Override
    public void enqueue(String sink, String destination, String destKey, String reference, String payload, String error) {
        call(() -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO outbox (id, sink, target, dest_key, target_ref, "
                    + "payload, attempts, last_error, created_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
                long now = System.currentTimeMillis();
                p.setString(1, UUID.randomUUID().toString());
                p.setString(2, sink);
                p.setString(3, destination);
                p.setString(4, destKey);
                p.setString(5, reference);
                p.setString(6, payload);
                p.setString(7, error);
                p.setLong(8, now);
                p.setLong(9, now);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<OutboxEntry> outbox(String sink) {
        return outboxWhere("sink = ?", sink, null, -1);
    }

    @Override
    public List<OutboxEntry> outbox(String sink, String destKey, int limit) {
        return outboxWhere("sink = ? AND dest_key = ?", sink, destKey, Math.max(0, limit));
    }

    @Override
    public List<OutboxDestination> outboxDestinations(String sink) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT dest_key, MAX(target), MAX(target_ref), COUNT(*), "
                    + "MIN(created_at), MAX(attempts), (SELECT o2.last_error FROM outbox o2 WHERE o2.sink = o.sink "
                    + "AND o2.dest_key = o.dest_key ORDER BY o2.last_attempt_at DESC, o2.id LIMIT 1) "
                    + "FROM outbox o WHERE sink = ? GROUP BY dest_key ORDER BY MIN(created_at), dest_key")) {
                p.setString(1, sink);
                List<OutboxDestination> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxDestination(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getLong(5), rs.getInt(6), rs.getString(7)));
                    }
                }
                return out;
            }
        });
    }

    private List<OutboxEntry> outboxWhere(String where, String sink, String destKey, int limit) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT id, sink, target, dest_key, target_ref, payload, "
                    + "attempts, last_error, created_at FROM outbox WHERE " + where + " ORDER BY created_at, id LIMIT ?")) {
                p.setString(1, sink);
                int i = 2;
                if (destKey != null) {
                    p.setString(i++, destKey);
                }
                p.setInt(i, limit);
                List<OutboxEntry> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getLong(9)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int purgeOutbox(String sink, String destKey) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement(destKey == null ? "DELETE FROM outbox WHERE sink = ?"
                    : "DELETE FROM outbox WHERE sink = ? AND dest_key = ?")) {
                p.setString(1, sink);
                if (destKey != null) {
                    p.setString(2, destKey);
                }
                return p.executeUpdate();
            }
        });
    }

    /**
     * Outbox rows written before version 3 kept the webhook URL as given, secrets and all: mask
     * them (the delivery stays; retrying a URL with secrets then needs it given again), with
     * secure_delete so the old text does not linger in free pages.
     */
    private static void redactLegacyOutbox(Connection c) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, target FROM outbox WHERE dest_key IS NULL")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA secure_delete = ON");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE outbox SET target = ?, dest_key = ?, target_ref = ? WHERE id = ?")) {
            for (String[] r : rows) {
                String destination;
                String key;
                String ref;
                try {
                    WebhookTarget t = WebhookTarget.parse(r[1], n -> null);
                    destination = t.redacted();
                    key = t.key();
                    ref = t.reference();
                } catch (IllegalArgumentException e) {
                    destination = WebhookTarget.redact(r[1]);
                    key = "unreadable";
                    ref = null;
                }
                p.setString(1, destination);
                p.setString(2, key);
                p.setString(3, ref);
                p.setString(4, r[0]);
                p.addBatch();
            }
            p.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Override
    public void outboxResult(String entryId, boolean delivered, String error) {
        if (delivered) {
            update("DELETE FROM outbox WHERE id = ?", entryId);
            return;
        }
        call(() -> {
            try (PreparedStatement p = db.prepareStatement(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE id = ?")) {
                p.setString(1, error);
                p.setLong(2, System.currentTimeMillis());
                p.setString(3, entryId);
                p.executeUpdate();
            }
            return null;
        });
    }

    private int update(String sql, String arg) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement(sql)) {
                p.setString(1, arg);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close alert database " + file + ": " + message(e), e);
        }
    }

    @Override
    public List<StoredIncident> replaceIncidents(List<StoredIncident> incidents) {
        long now = System.currentTimeMillis();
        return inTransaction(() -> {
            List<StoredIncident> old = readIncidents("SELECT * FROM incidents ORDER BY id", null);
            List<StoredIncident> out = IncidentIds.assign(old, incidents);
            Map<String, String> retired = IncidentIds.retired(old, out);
            try (Statement st = db.createStatement()) {
                st.execute("DELETE FROM incidents");
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO incidents (id, title, severity, severity_rank, "
                    + "outcome, narrative, alert_ids, ips, hosts, first_seen, last_seen, updated_at, status) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (StoredIncident i : out) {
                    p.setString(1, i.id());
                    p.setString(2, i.title());
                    p.setString(3, i.severity().label());
                    p.setInt(4, i.severity().ordinal());
                    p.setString(5, i.outcome());
                    p.setString(6, i.narrative());
                    p.setString(7, String.join(",", i.alertIds()));
                    p.setString(8, String.join(",", i.ips()));
                    p.setString(9, String.join(",", i.hosts()));
                    p.setObject(10, i.firstSeen());
                    p.setObject(11, i.lastSeen());
                    p.setLong(12, i.updatedMillis());
                    p.setString(13, i.status().label());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement del = db.prepareStatement("DELETE FROM incident_aliases WHERE old_id = ?");
                 PreparedStatement ins = db.prepareStatement(
                         "INSERT INTO incident_aliases (old_id, new_id, changed_at) VALUES (?, ?, ?)")) {
                for (StoredIncident i : out) {
                    del.setString(1, i.id()); // an id in use again is no alias
                    del.addBatch();
                }
                del.executeBatch();
                for (Map.Entry<String, String> r : retired.entrySet()) {
                    del.setString(1, r.getKey());
                    del.executeUpdate();
                    ins.setString(1, r.getKey());
                    ins.setString(2, r.getValue());
                    ins.setLong(3, now);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            return out;
        });
    }

    @Override
    public List<StoredIncident> incidents() {
        return call(() -> readIncidents("SELECT * FROM incidents ORDER BY severity_rank DESC, last_seen DESC, id", null));
    }

    @Override
    public Optional<StoredIncident> incident(String idOrPrefix) {
        return call(() -> {
            List<StoredIncident> found = readIncidents("SELECT * FROM incidents WHERE id LIKE ? ORDER BY id",
                    idOrPrefix.replace("%", "").replace("_", "") + "%");
            for (StoredIncident i : found) {
                if (i.id().equals(idOrPrefix)) {
                    return Optional.of(i);
                }
            }
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        });
    }

    @Override
    public Optional<String> incidentAlias(String id) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT new_id FROM incident_aliases WHERE old_id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String to = rs.getString(1);
                    return Optional.of(to == null ? "" : to);
                }
            }
        });
    }

    @Override
    public StatusChange setIncidentStatus(String idOrPrefix, AlertStatus to, String actor, String comment) {
        StoredIncident i = incident(idOrPrefix).orElseThrow(() ->
                new IllegalArgumentException("no incident with id '" + idOrPrefix + "' in " + file));
        if (!i.status().canBecome(to)) {
            throw new IllegalStateException("incident " + i.id() + " is " + i.status().label() + "; it can become "
                    + String.join(" or ", i.status().next().stream().map(AlertStatus::label).toList())
                    + ", not " + to.label());
        }
        long now = System.currentTimeMillis();
        return inTransaction(() -> {
            int seq;
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_history WHERE incident_id = ?")) {
                p.setString(1, i.id());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            try (PreparedStatement p = db.prepareStatement("UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?")) {
                p.setString(1, to.label());
                p.setLong(2, now);
                p.setString(3, i.id());
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO incident_history (incident_id, seq, changed_at, "
                    + "from_status, to_status, actor, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                history(p, i.id(), seq, now, i.status(), to, actor, comment);
                p.executeBatch();
            }
            return new StatusChange(i.id(), seq, now, i.status(), to, actor == null ? "" : actor,
                    comment == null ? "" : comment);
        });
    }

    @Override
    public List<StatusChange> incidentHistory(String id) {
        return statusHistory("incident_history", "incident_id", id);
    }

    private List<StoredIncident> readIncidents(String sql, String arg) throws SQLException {
        List<StoredIncident> out = new java.util.ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            try (java.sql.ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long first = rs.getLong("first_seen");
                    Long firstSeen = rs.wasNull() ? null : first;
                    long last = rs.getLong("last_seen");
                    Long lastSeen = rs.wasNull() ? null : last;
                    out.add(new StoredIncident(rs.getString("id"), rs.getString("title"),
                            dev.vigil.catalogue.Severity.parse(rs.getString("severity")), rs.getString("outcome"),
                            rs.getString("narrative"), split(rs.getString("alert_ids")), split(rs.getString("ips")),
                            split(rs.getString("hosts")), firstSeen, lastSeen, rs.getLong("updated_at"),
                            AlertStatus.parse(rs.getString("status"))));
                }
            }
        }
        return out;
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    @Override
    public void registerFeed(Feed feed) {
        inTransaction(() -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO ti_feeds (path, name, format, indicators, loaded_at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET name = excluded.name, "
                    + "format = excluded.format, indicators = excluded.indicators, loaded_at = excluded.loaded_at")) {
                p.setString(1, feed.path());
                p.setString(2, feed.name());
                p.setString(3, feed.format());
                p.setInt(4, feed.indicators());
                p.setLong(5, feed.loadedMillis());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean removeFeed(String path) {
        return call(() -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM ti_feeds WHERE path = ?")) {
                p.setString(1, path);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Feed> feeds() {
        return call(() -> {
            List<Feed> out = new java.util.ArrayList<>();
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT path, name, format, indicators, loaded_at FROM ti_feeds ORDER BY path");
                 java.sql.ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Feed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5)));
                }
            }
            return out;
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T call(Work<T> w) {
        return retryWhileBusy(w);
    }

    /**
     * Runs {@code w} in one transaction. While the database is busy (another process storing),
     * the whole transaction is retried with a growing pause for up to {@link #BUSY_RETRY_MILLIS}:
     * the work is re-run from the start, so it must compute everything inside itself.
     */
    private <T> T inTransaction(Work<T> w) {
        return retryWhileBusy(() -> {
            db.setAutoCommit(false);
            try {
                T t = w.run();
                db.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                // After SQLITE_FULL or an I/O error SQLite has already rolled back; a failing
                // rollback must not hide the error that matters.
                try {
                    db.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                try {
                    db.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // "no transaction is active": the rollback above ended it already
                }
            }
        });
    }

    private <T> T retryWhileBusy(Work<T> w) {
        long deadline = System.nanoTime() + BUSY_RETRY_MILLIS * 1_000_000L;
        long pause = 50;
        while (true) {
            try {
                return w.run();
            } catch (SQLException e) {
                if (!busy(e) || System.nanoTime() + pause * 1_000_000L > deadline) {
                    throw new StoreException("alert database " + file + ": " + message(e), e);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new StoreException("alert database " + file + ": interrupted while waiting for another "
                        + "process to finish writing", ie);
            }
            pause = Math.min(pause * 2, 2_000);
        }
    }

    /** SQLITE_BUSY or SQLITE_LOCKED, in any of their extended forms. */
    static boolean busy(SQLException e) {
        int code = primaryCode(e);
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se) {
            return se.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }

    /** The error as a person should read it: what went wrong and, where we know it, what to do. */
    private static String message(Exception e) {
        if (e instanceof SQLException se) {
            int code = primaryCode(se);
            if (code == SQLiteErrorCode.SQLITE_FULL.code) {
                return "the disk is full (or the database reached its size limit); nothing of this transaction "
                        + "was stored: free space and run again";
            }
            if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
                return "the database stayed locked by another process for " + BUSY_RETRY_MILLIS / 1000
                        + " s; nothing of this transaction was stored (" + raw(e) + ")";
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
                return "the database or its folder is read-only (" + raw(e) + ")";
            }
            if (code == SQLiteErrorCode.SQLITE_NOTADB.code) {
                return "the file is not a Vigil database (" + raw(e) + ")";
            }
            if (code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
                return "cannot open the file (" + raw(e) + ")";
            }
        }
        return raw(e);
    }

    private static String raw(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
