package dev.vigil.store;

import java.util.List;

/**
 * The store's schema as ordered migrations. Plain SQL that SQLite and PostgreSQL both run:
 * VARCHAR/TEXT/INTEGER/BIGINT/BOOLEAN only, times as epoch milliseconds in BIGINT, JSON kept as
 * TEXT, upserts written as {@code INSERT ... ON CONFLICT (id) DO UPDATE}. The things the two
 * spell differently, a key the database generates and bytes, are written {@code ${ID}} and {@code ${BLOB}} and expanded by
 * {@link SqlDialect#sql}. Applied in order by {@link Database#migrate}, each database recording its
 * version in {@code schema_version}.
 *
 * <p>Static and thread-safe.
 */
public final class Schema {
    private Schema() {}

    /** One step: the version it brings the database to and its statements. */
    public record Migration(int version, String description, List<String> statements) {}

    /**
     * The list's first sort key: last seen, and for an alert without a time a value below every
     * time (such alerts come last, most recent first). Written the same way in every query, so
     * both databases match it to the expression indexes of version 9.
     */
    static final String ORDER_KEY = "COALESCE(last_seen, " + AlertCursor.UNTIMED_KEY + ")";

    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "alerts, history, suppression rules, outbox", List.of(
                    """
                    CREATE TABLE alerts (
                      id VARCHAR(64) NOT NULL PRIMARY KEY,
                      alert_type VARCHAR(100) NOT NULL,
                      severity VARCHAR(16) NOT NULL,
                      severity_rank INTEGER NOT NULL,
                      status VARCHAR(16) NOT NULL,
                      confidence INTEGER NOT NULL,
                      first_seen BIGINT,
                      last_seen BIGINT,
                      detections BIGINT NOT NULL,
                      client_ip VARCHAR(255),
                      host VARCHAR(1024),
                      url TEXT,
                      process_cmd TEXT,
                      entities TEXT NOT NULL,
                      rules TEXT NOT NULL,
                      evidence TEXT NOT NULL,
                      sources TEXT NOT NULL,
                      sample BOOLEAN NOT NULL,
                      suppressed_by VARCHAR(64),
                      created_at BIGINT NOT NULL,
                      updated_at BIGINT NOT NULL)""",
                    "CREATE INDEX alerts_last_seen ON alerts (last_seen)",
                    "CREATE INDEX alerts_status ON alerts (status)",
                    "CREATE INDEX alerts_type ON alerts (alert_type)",
                    "CREATE INDEX alerts_client_ip ON alerts (client_ip)",
                    """
                    CREATE TABLE alert_history (
                      alert_id VARCHAR(64) NOT NULL,
                      seq INTEGER NOT NULL,
                      changed_at BIGINT NOT NULL,
                      from_status VARCHAR(16),
                      to_status VARCHAR(16) NOT NULL,
                      actor VARCHAR(255) NOT NULL,
                      comment TEXT,
                      PRIMARY KEY (alert_id, seq))""",
                    """
                    CREATE TABLE suppression_rules (
                      id VARCHAR(64) NOT NULL PRIMARY KEY,
                      alert_type VARCHAR(100),
                      conditions TEXT NOT NULL,
                      reason VARCHAR(255) NOT NULL,
                      comment TEXT,
                      expires_at BIGINT,
                      enabled BOOLEAN NOT NULL,
                      created_at BIGINT NOT NULL,
                      created_by VARCHAR(255) NOT NULL)""",
                    """
                    CREATE TABLE outbox (
                      id VARCHAR(64) NOT NULL PRIMARY KEY,
                      sink VARCHAR(32) NOT NULL,
                      target TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      attempts INTEGER NOT NULL,
                      last_error TEXT,
                      created_at BIGINT NOT NULL,
                      last_attempt_at BIGINT)""",
                    "CREATE INDEX outbox_sink ON outbox (sink, created_at)")),
            new Migration(2, "incidents and registered threat-intel feeds", List.of(
                    """
                    CREATE TABLE incidents (
                      id VARCHAR(64) NOT NULL PRIMARY KEY,
                      title TEXT NOT NULL,
                      severity VARCHAR(16) NOT NULL,
                      severity_rank INTEGER NOT NULL,
                      outcome VARCHAR(32) NOT NULL,
                      narrative TEXT NOT NULL,
                      alert_ids TEXT NOT NULL,
                      ips TEXT NOT NULL,
                      hosts TEXT NOT NULL,
                      first_seen BIGINT,
                      last_seen BIGINT,
                      updated_at BIGINT NOT NULL)""",
                    """
                    CREATE TABLE ti_feeds (
                      path VARCHAR(1024) NOT NULL PRIMARY KEY,
                      name VARCHAR(255) NOT NULL,
                      format VARCHAR(32) NOT NULL,
                      indicators INTEGER NOT NULL,
                      loaded_at BIGINT NOT NULL)""")),
            new Migration(3, "outbox kept per destination, without secrets", List.of(
                    // target now holds the redacted URL; dest_key tells destinations apart and
                    // target_ref says how to find the real URL again (env:NAME, or the URL when
                    // nothing in it is secret). Rows written before are redacted on open.
                    "ALTER TABLE outbox ADD COLUMN dest_key VARCHAR(64)",
                    "ALTER TABLE outbox ADD COLUMN target_ref TEXT",
                    "CREATE INDEX outbox_dest ON outbox (sink, dest_key, created_at)")),
            new Migration(4, "incident triage and stable incident ids", List.of(
                    "ALTER TABLE incidents ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'Active'",
                    """
                    CREATE TABLE incident_history (
                      incident_id VARCHAR(64) NOT NULL,
                      seq INTEGER NOT NULL,
                      changed_at BIGINT NOT NULL,
                      from_status VARCHAR(16),
                      to_status VARCHAR(16) NOT NULL,
                      actor VARCHAR(255) NOT NULL,
                      comment TEXT,
                      PRIMARY KEY (incident_id, seq))""",
                    // an incident id that regrouping retired: merged into another (new_id), or
                    // left without alerts (new_id NULL), so the id a person wrote down still answers
                    """
                    CREATE TABLE incident_aliases (
                      old_id VARCHAR(64) NOT NULL PRIMARY KEY,
                      new_id VARCHAR(64),
                      changed_at BIGINT NOT NULL)""")),
            new Migration(5, "the state of a running watch, committed with its alerts", List.of(
                    // file positions, keyed detector state and open alerts of `vigil watch NAME`:
                    // written in the same transaction as the alerts they produced
                    """
                    CREATE TABLE watch_state (
                      name VARCHAR(255) NOT NULL PRIMARY KEY,
                      state ${BLOB} NOT NULL,
                      updated_at BIGINT NOT NULL)""")),

            new Migration(6, "history numbered by the database, safe with concurrent writers", List.of(
                    // seq was MAX(seq)+1 per alert, computed by the store: two writers could take
                    // the same number. Now the database hands it out (one sequence for all rows, so
                    // it orders an alert's changes and nothing else). Old rows keep their order.
                    """
                    CREATE TABLE alert_history_v5 (
                      seq ${ID},
                      alert_id VARCHAR(64) NOT NULL,
                      changed_at BIGINT NOT NULL,
                      from_status VARCHAR(16),
                      to_status VARCHAR(16) NOT NULL,
                      actor VARCHAR(255) NOT NULL,
                      comment TEXT)""",
                    "INSERT INTO alert_history_v5 (alert_id, changed_at, from_status, to_status, actor, comment) "
                            + "SELECT alert_id, changed_at, from_status, to_status, actor, comment FROM alert_history "
                            + "ORDER BY alert_id, seq",
                    "DROP TABLE alert_history",
                    "ALTER TABLE alert_history_v5 RENAME TO alert_history",
                    "CREATE INDEX alert_history_alert ON alert_history (alert_id, seq)",
                    """
                    CREATE TABLE incident_history_v5 (
                      seq ${ID},
                      incident_id VARCHAR(64) NOT NULL,
                      changed_at BIGINT NOT NULL,
                      from_status VARCHAR(16),
                      to_status VARCHAR(16) NOT NULL,
                      actor VARCHAR(255) NOT NULL,
                      comment TEXT)""",
                    "INSERT INTO incident_history_v5 (incident_id, changed_at, from_status, to_status, actor, comment) "
                            + "SELECT incident_id, changed_at, from_status, to_status, actor, comment FROM incident_history "
                            + "ORDER BY incident_id, seq",
                    "DROP TABLE incident_history",
                    "ALTER TABLE incident_history_v5 RENAME TO incident_history",
                    "CREATE INDEX incident_history_incident ON incident_history (incident_id, seq)")),
            new Migration(7, "incidents regrouped incrementally", List.of(
                    // which incident holds each alert, so a changed alert finds the incidents it touches
                    """
                    CREATE TABLE incident_alerts (
                      alert_id VARCHAR(64) NOT NULL PRIMARY KEY,
                      incident_id VARCHAR(64) NOT NULL)""",
                    "CREATE INDEX incident_alerts_incident ON incident_alerts (incident_id)",
                    // alerts stored or triaged since incidents were last regrouped
                    "CREATE TABLE incident_pending (alert_id VARCHAR(64) NOT NULL PRIMARY KEY)",
                    "CREATE INDEX alerts_host ON alerts (host)",
                    // one-off work for the store; the first regrouping after this migration is a full one
                    """
                    CREATE TABLE store_flags (
                      name VARCHAR(64) NOT NULL PRIMARY KEY,
                      flag_value VARCHAR(255))""",
                    "INSERT INTO store_flags (name, flag_value) VALUES ('regroup_all', '1')")),
            new Migration(8, "a watch's sinks: deliveries queued in order, each update once", List.of(
                    // seq orders a destination's rows as they were queued (created_at is a clock
                    // that may step back); rows written before keep their created_at order
                    "ALTER TABLE outbox ADD COLUMN seq BIGINT",
                    "CREATE INDEX outbox_seq ON outbox (sink, dest_key, seq)",
                    // the detection count of the last update of each alert queued for each
                    // destination, written with the rows: a commit handed over again (after a
                    // restart) queues nothing twice, and a grown alert is queued as an update
                    """
                    CREATE TABLE sink_queued (
                      sink VARCHAR(32) NOT NULL,
                      dest_key VARCHAR(64) NOT NULL,
                      alert_id VARCHAR(64) NOT NULL,
                      detections BIGINT NOT NULL,
                      PRIMARY KEY (sink, dest_key, alert_id))""")),
            new Migration(9, "indexes in the list order; alert counts kept for the overview", List.of(
                    // The list order (ORDER_KEY descending, severity descending, id) as an index, and
                    // the same behind each equality filter, so a page is read in order from the index
                    // and stops at its last row: before this, every page sorted all matching rows.
                    // ORDER_KEY is last_seen with alerts without a time below every time: the
                    // databases disagree on where NULLs sort, so the order spells it out.
                    "CREATE INDEX alerts_order ON alerts (" + ORDER_KEY + " DESC, severity_rank DESC, id)",
                    "CREATE INDEX alerts_status_order ON alerts (status, " + ORDER_KEY + " DESC, severity_rank DESC, id)",
                    "CREATE INDEX alerts_type_order ON alerts (alert_type, " + ORDER_KEY + " DESC, severity_rank DESC, id)",
                    "CREATE INDEX alerts_ip_order ON alerts (client_ip, " + ORDER_KEY + " DESC, severity_rank DESC, id)",
                    "CREATE INDEX alerts_host_order ON alerts (LOWER(host), " + ORDER_KEY + " DESC, severity_rank DESC, id)",
                    // each of those starts with the column of an index it replaces
                    "DROP INDEX alerts_last_seen",
                    "DROP INDEX alerts_status",
                    "DROP INDEX alerts_type",
                    "DROP INDEX alerts_client_ip",
                    // How many alerts there are per (dimension, value, status, severity): the
                    // overview's counts, kept up to date in the transaction that writes the alerts
                    // (AlertTally), so the overview reads a few hundred rows instead of every alert.
                    // Dimensions: type (alert_type), ip (client_ip), host, day (last_seen / 86400000,
                    // days since 1970 in UTC).
                    """
                    CREATE TABLE alert_tally (
                      dim VARCHAR(8) NOT NULL,
                      val VARCHAR(1024) NOT NULL,
                      status VARCHAR(16) NOT NULL,
                      severity_rank INTEGER NOT NULL,
                      n BIGINT NOT NULL,
                      PRIMARY KEY (dim, val, status, severity_rank))""",
                    "INSERT INTO alert_tally (dim, val, status, severity_rank, n) SELECT 'type', alert_type, status, "
                            + "severity_rank, COUNT(*) FROM alerts GROUP BY alert_type, status, severity_rank",
                    "INSERT INTO alert_tally (dim, val, status, severity_rank, n) SELECT 'ip', client_ip, status, "
                            + "severity_rank, COUNT(*) FROM alerts WHERE client_ip IS NOT NULL "
                            + "GROUP BY client_ip, status, severity_rank",
                    "INSERT INTO alert_tally (dim, val, status, severity_rank, n) SELECT 'host', host, status, "
                            + "severity_rank, COUNT(*) FROM alerts WHERE host IS NOT NULL GROUP BY host, status, severity_rank",
                    "INSERT INTO alert_tally (dim, val, status, severity_rank, n) SELECT 'day', "
                            + "CAST(last_seen / 86400000 AS VARCHAR(20)), status, severity_rank, COUNT(*) FROM alerts "
                            + "WHERE last_seen IS NOT NULL GROUP BY CAST(last_seen / 86400000 AS VARCHAR(20)), status, "
                            + "severity_rank",
                    // the longest span of an alert (AlertRepository.MAX_SPAN), which bounds how much
                    // of the order index an "until" filter reads; a last-seen time without a
                    // first-seen one leaves it unbounded
                    "INSERT INTO store_flags (name, flag_value) SELECT 'max_span', CAST(MAX(CASE "
                            + "WHEN last_seen IS NULL THEN 0 WHEN first_seen IS NULL THEN 9223372036854775807 "
                            + "WHEN last_seen > first_seen THEN last_seen - first_seen ELSE 0 END) AS VARCHAR(20)) "
                            + "FROM alerts")),
            new Migration(10, "API tokens and dashboard users in the store, PostgreSQL too", List.of(
                    // The server created these two in SQLite files on first use (TEXT and INTEGER
                    // columns, which SQLite keeps as they are); a database without them gets them
                    // here, in types both databases read the same (times are epoch ms, BIGINT).
                    """
                    CREATE TABLE IF NOT EXISTS api_tokens (
                      id VARCHAR(64) NOT NULL PRIMARY KEY,
                      name VARCHAR(255) NOT NULL,
                      role VARCHAR(16) NOT NULL,
                      token_sha256 VARCHAR(64) NOT NULL UNIQUE,
                      created_at BIGINT NOT NULL,
                      last_used_at BIGINT,
                      revoked_at BIGINT)""",
                    "CREATE INDEX IF NOT EXISTS api_tokens_name ON api_tokens (name)",
                    """
                    CREATE TABLE IF NOT EXISTS dashboard_users (
                      name VARCHAR(255) NOT NULL PRIMARY KEY,
                      role VARCHAR(16) NOT NULL,
                      password_bcrypt VARCHAR(255) NOT NULL,
                      created_at BIGINT NOT NULL)""")),
            new Migration(11, "the overview's top lists read from an index", List.of(
                    // per type, IP and host, one more row counting its open alerts (status 'open',
                    // severity -1), and a partial index over those rows by count: the top ten are
                    // the index's first entries, instead of a sum over every address's rows
                    "INSERT INTO alert_tally (dim, val, status, severity_rank, n) SELECT dim, val, 'open', -1, SUM(n) "
                            + "FROM alert_tally WHERE dim IN ('type', 'ip', 'host') AND status IN ('Active', 'InProgress') "
                            + "GROUP BY dim, val",
                    "CREATE INDEX alert_tally_open ON alert_tally (dim, n DESC, val) WHERE status = 'open'")),
            new Migration(12, "alerts by when they were stored", List.of(
                    // what the server's blocking decisions read: alerts last seen or stored within
                    // the block's time to live, instead of every alert that could ever block
                    "CREATE INDEX alerts_created ON alerts (created_at)")),
            new Migration(13, "threat-intel feeds fetched from a URL and refreshed", List.of(
                    // url: where a fetched feed comes from (path is then its local copy); etag and
                    // last_modified: the validators of that copy, sent back so an unchanged feed
                    // answers 304; refresh_ms: how often a watch refreshes it (NULL: only by hand);
                    // refreshed_at and outcome: the last attempt, kept when it failed
                    "ALTER TABLE ti_feeds ADD COLUMN url TEXT",
                    "ALTER TABLE ti_feeds ADD COLUMN etag TEXT",
                    "ALTER TABLE ti_feeds ADD COLUMN last_modified TEXT",
                    "ALTER TABLE ti_feeds ADD COLUMN refresh_ms BIGINT",
                    "ALTER TABLE ti_feeds ADD COLUMN refreshed_at BIGINT",
                    "ALTER TABLE ti_feeds ADD COLUMN outcome TEXT")));

    public static int latest() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }
}
