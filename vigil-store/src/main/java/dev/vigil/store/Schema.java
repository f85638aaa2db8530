package dev.vigil.store;

import java.util.List;

/**
 * The store's schema as ordered migrations. Plain SQL that SQLite and PostgreSQL both run:
 * VARCHAR/TEXT/INTEGER/BIGINT/BOOLEAN only, times as epoch milliseconds in BIGINT, JSON kept as
 * TEXT, no AUTOINCREMENT or SERIAL (history rows are keyed by alert id and a sequence number the
 * store computes), upserts written as {@code INSERT ... ON CONFLICT (id) DO UPDATE}.
 *
 * <p>Static and thread-safe.
 */
public final class Schema {
    private Schema() {}

    /** One step: the version it brings the database to and its statements. */
    public record Migration(int version, String description, List<String> statements) {}

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
                      state BLOB NOT NULL,
                      updated_at BIGINT NOT NULL)""")));

    public static int latest() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }
}
