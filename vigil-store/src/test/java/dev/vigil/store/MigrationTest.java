package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written by an earlier Vigil opens, migrates and keeps what it held. */
class MigrationTest {
    @TempDir
    Path dir;

    /** A version-4 database as the previous release left it: history numbered per alert by the store. */
    static void writeVersion4(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
            for (Schema.Migration m : Schema.MIGRATIONS) {
                if (m.version() > 4) {
                    break;
                }
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'old', 0)");
            }
            String id = "a".repeat(64);
            s.execute("INSERT INTO alerts VALUES ('" + id + "', 'SqlInjectionAttempt', 'High', 3, 'Resolved', 60, 1, 2, 1, "
                    + "'203.0.113.9', 'shop', '/p', NULL, '{\"ip\":\"203.0.113.9\"}', '[\"r\"]', '[]', '{}', 0, NULL, 1, 2)");
            // seq per alert, as MAX(seq)+1 gave them; inserted out of order on purpose
            s.execute("INSERT INTO alert_history VALUES ('" + id + "', 2, 20, 'InProgress', 'Resolved', 'bob', 'fixed')");
            s.execute("INSERT INTO alert_history VALUES ('" + id + "', 1, 10, 'Active', 'InProgress', 'ann', '')");
            s.execute("INSERT INTO alert_history VALUES ('" + "b".repeat(64) + "', 1, 15, 'Active', 'Dismissed', 'ann', '')");
            s.execute("INSERT INTO incidents VALUES ('inc-1', 't', 'High', 3, 'Attempted', 'n', '" + id + "', '', '', 1, 2, 3, 'InProgress')");
            s.execute("INSERT INTO incident_history VALUES ('inc-1', 1, 10, 'Active', 'InProgress', 'ann', '')");
        }
    }

    @Test
    void aVersion4DatabaseMigratesKeepingHistoryInOrder() throws Exception {
        Path db = dir.resolve("old.db");
        writeVersion4(db);
        String id = "a".repeat(64);
        try (SqliteAlertStore s = SqliteAlertStore.openExisting(db)) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
            assertThat(s.history(id)).extracting(StatusChange::to)
                    .containsExactly(AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED);
            assertThat(s.incidentHistory("inc-1")).extracting(StatusChange::actor).containsExactly("ann");
            // version 9 counted the alerts already stored for the overview
            assertThat(s.summary(10, 14).byStatus()).containsEntry(AlertStatus.RESOLVED, 1L).containsEntry(AlertStatus.ACTIVE, 0L);
            assertThat(s.summary(10, 14).latestDay()).isEqualTo(java.time.LocalDate.ofEpochDay(0));
            // and the database numbers new rows after the old ones
            StatusChange c = s.setStatus(id, AlertStatus.ACTIVE, "carl", "reopened");
            assertThat(s.summary(10, 14).byStatus()).containsEntry(AlertStatus.RESOLVED, 0L).containsEntry(AlertStatus.ACTIVE, 1L);
            assertThat(s.summary(10, 14).topIps()).containsExactly(new AlertSummary.Count("203.0.113.9", 1));
            assertThat(s.history(id)).extracting(StatusChange::to)
                    .containsExactly(AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED, AlertStatus.ACTIVE);
            assertThat(s.history(id).get(2)).isEqualTo(c);
            assertThat(s.find(id).orElseThrow().status()).isEqualTo(AlertStatus.ACTIVE);
        }
    }

    @Test
    void theFirstRegroupingOfAMigratedDatabaseIsAFullOneKeepingIds() throws Exception {
        Path db = dir.resolve("old.db");
        writeVersion4(db);
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            var regrouped = s.regroupIncidents(new dev.vigil.incident.IncidentCorrelator(), 50_000);
            assertThat(regrouped).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo("inc-1"));
            assertThat(s.incident("inc-1").orElseThrow().status()).isEqualTo(AlertStatus.IN_PROGRESS);
            // then only what changed: nothing
            assertThat(s.regroupIncidents(new dev.vigil.incident.IncidentCorrelator(), 50_000)).isEmpty();
            assertThat(s.incidents()).hasSize(1);
        }
    }

    @Test
    void tokensAndUsersThatTheServerKeptInTheFileBeforeAreKept() throws Exception {
        Path db = dir.resolve("old.db");
        writeVersion4(db);
        // as the server created them on first use, before version 10
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS api_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    + "role TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, "
                    + "last_used_at INTEGER, revoked_at INTEGER)");
            s.execute("CREATE INDEX IF NOT EXISTS api_tokens_name ON api_tokens(name)");
            s.execute("CREATE TABLE IF NOT EXISTS dashboard_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
                    + "password_bcrypt TEXT NOT NULL, created_at INTEGER NOT NULL)");
            s.execute("INSERT INTO api_tokens VALUES ('tok-1', 'ann', 'admin', '" + "c".repeat(64) + "', 5, NULL, NULL)");
            s.execute("INSERT INTO dashboard_users VALUES ('ann', 'analyst', '$2a$12$x', 6)");
        }
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
            assertThat(s.credentials().activeToken("c".repeat(64))).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("ann"));
            assertThat(s.credentials().userHash("ann")).isEqualTo("$2a$12$x");
        }
    }
}
