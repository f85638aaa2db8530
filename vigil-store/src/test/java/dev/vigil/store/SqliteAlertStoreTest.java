package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.AlertStatus;
import dev.vigil.alert.suppress.Condition;
import dev.vigil.alert.suppress.SuppressionRule;
import dev.vigil.alert.suppress.Suppressor;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertStoreTest {
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
    static final AlertType SCANNER = AlertCatalogue.builtIn().get("ScannerDetected");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    static Detection det(AlertType type, String source, long line, long time, String ip, String path) {
        HttpRequest r = HttpRequest.builder(new Origin(source, line, line * 100)).timeMillis(time).clientIp(ip)
                .host("shop.example").method("GET").target(path + "?id=1'or'1'='1").status(200).build();
        return new Detection("test." + type.name(), type, type.severity(), r, "query", "id=1'or'1'='1", "id=1'or'1'='1");
    }

    static List<Alert> scan(List<Detection> ds) {
        AlertAggregator agg = new AlertAggregator();
        ds.forEach(agg::add);
        return agg.alerts();
    }

    static List<Detection> fileA() {
        List<Detection> ds = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ds.add(det(SQLI, "a.log", i, T0 + i * 1000, "203.0.113.9", "/products"));
        }
        ds.add(det(SCANNER, "a.log", 20, T0 + 20_000, "198.51.100.4", "/wp-login.php"));
        return ds;
    }

    @Test
    void createsSchemaOnFirstOpenAndReopens() throws Exception {
        Path db = dir.resolve("vigil.db");
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
        }
        assertThat(db).exists();
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Schema.MIGRATIONS.size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void refusesADatabaseFromANewerVigil() throws Exception {
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version VALUES (999, 'future', 0)");
        }
        assertThatThrownBy(() -> SqliteAlertStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining(db.toString()).hasMessageContaining("newer");
    }

    @Test
    void unwritablePlaceFailsWithTheFileNamed() {
        Path db = dir.resolve("missing-folder").resolve("vigil.db");
        assertThatThrownBy(() -> SqliteAlertStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("missing-folder");
    }

    @Test
    void rescanningTheSameLogsGivesNoDuplicatesAndSameCounts() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            var first = s.upsert(scan(fileA()), Suppressor.none(), "alice");
            assertThat(first.inserted()).isEqualTo(2);
            var again = s.upsert(scan(fileA()), Suppressor.none(), "alice");
            assertThat(again.inserted()).isZero();
            assertThat(again.merged()).isEqualTo(2);
            List<StoredAlert> all = s.list(AlertQuery.all());
            assertThat(all).hasSize(2);
            StoredAlert sqli = all.stream().filter(a -> a.alert().type().equals(SQLI)).findFirst().orElseThrow();
            assertThat(sqli.alert().count()).isEqualTo(12);
            assertThat(sqli.alert().firstSeen()).isEqualTo(T0 + 1000);
            assertThat(sqli.alert().lastSeen()).isEqualTo(T0 + 12_000);
            assertThat(sqli.alert().entities()).containsEntry("ip", "203.0.113.9").containsEntry("url", "/products");
        }
    }

    @Test
    void interruptedScanRerunMergesToTheFullCount() {
        List<Detection> all = fileA();
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(scan(all.subList(0, 5)), Suppressor.none(), "a"); // the scan stopped after 5 lines
            s.upsert(scan(all), Suppressor.none(), "a");
            StoredAlert sqli = s.list(new AlertQuery(Set.of(), null, "SqlInjectionAttempt", null, null, 0)).get(0);
            assertThat(sqli.alert().count()).isEqualTo(12);
            assertThat(sqli.alert().evidence()).hasSizeLessThanOrEqualTo(AlertMerge.MAX_EVIDENCE)
                    .extracting(e -> e.line()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSecondFileInTheSameWindowAddsItsCountAndEvidence() {
        List<Detection> b = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            b.add(det(SQLI, "b.log", i, T0 + 30_000 + i, "203.0.113.9", "/cart"));
        }
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            s.upsert(scan(b), Suppressor.none(), "a");
            StoredAlert sqli = s.list(new AlertQuery(Set.of(), null, "SqlInjectionAttempt", null, null, 0)).get(0);
            assertThat(sqli.alert().count()).isEqualTo(15);
            assertThat(sqli.alert().sources()).containsEntry("a.log", 12L).containsEntry("b.log", 3L);
            assertThat(sqli.alert().lastSeen()).isEqualTo(T0 + 30_003);
            assertThat(sqli.alert().entities()).containsEntry("url", "/products"); // the first one stays
        }
    }

    @Test
    void statusWorkflowKeepsHistoryAndRejectsSkippedSteps() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            String id = s.list(AlertQuery.all()).get(0).alert().id();
            s.setStatus(id.substring(0, 8), AlertStatus.IN_PROGRESS, "bob", "looking");
            s.setStatus(id, AlertStatus.RESOLVED, "bob", "patched the query");
            assertThatThrownBy(() -> s.setStatus(id, AlertStatus.IN_PROGRESS, "bob", ""))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Resolved");
            s.setStatus(id, AlertStatus.ACTIVE, "carol", "came back");
            List<StatusChange> h = s.history(id);
            assertThat(h).extracting(StatusChange::to).containsExactly(AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED,
                    AlertStatus.ACTIVE);
            assertThat(h).extracting(StatusChange::actor).containsExactly("bob", "bob", "carol");
            assertThat(h.get(1).comment()).isEqualTo("patched the query");
            assertThat(h.get(1).from()).isEqualTo(AlertStatus.IN_PROGRESS);
            // a rescan keeps the triage state
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            assertThat(s.find(id).orElseThrow().status()).isEqualTo(AlertStatus.ACTIVE);
            assertThatThrownBy(() -> s.setStatus("ffffffffff", AlertStatus.RESOLVED, "x", ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ffffffffff");
        }
    }

    @Test
    void suppressionDismissesMatchingAlertsNamingTheRule() {
        SuppressionRule rule = new SuppressionRule("r1", "ScannerDetected",
                List.of(Condition.IpIn.parse(List.of("198.51.100.0/24"))), "our own scanner", "weekly scan",
                null, true, T0, "alice");
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.addRule(rule);
            assertThat(s.rules()).containsExactly(rule);
            var r = s.upsert(scan(fileA()), new Suppressor(s.rules(), System.currentTimeMillis()), "scan-user");
            assertThat(r.suppressed()).isEqualTo(1);
            StoredAlert scanner = s.list(new AlertQuery(Set.of(), null, "ScannerDetected", null, null, 0)).get(0);
            assertThat(scanner.status()).isEqualTo(AlertStatus.DISMISSED);
            assertThat(scanner.suppressedBy()).isEqualTo("r1");
            assertThat(s.history(scanner.alert().id())).singleElement()
                    .satisfies(h -> assertThat(h.comment()).contains("r1").contains("our own scanner"));
            StoredAlert sqli = s.list(new AlertQuery(Set.of(), null, "SqlInjectionAttempt", null, null, 0)).get(0);
            assertThat(sqli.status()).isEqualTo(AlertStatus.ACTIVE);
            // a rescan does not dismiss it twice
            assertThat(s.upsert(scan(fileA()), new Suppressor(s.rules(), System.currentTimeMillis()), "x").suppressed()).isZero();
        }
    }

    @Test
    void expiredOrDisabledRulesDoNotSuppressButSimulateStillCounts() {
        SuppressionRule expired = new SuppressionRule("old", null, List.of(new Condition.HostEquals("SHOP.example")),
                "test host", "", T0, true, T0 - 1, "a");
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.addRule(expired);
            s.upsert(scan(fileA()), new Suppressor(s.rules(), T0 + 1), "a");
            assertThat(s.list(new AlertQuery(EnumSet.of(AlertStatus.DISMISSED), null, null, null, null, 0))).isEmpty();
            assertThat(s.wouldSuppress(expired)).hasSize(2);
            SuppressionRule sqlOnly = new SuppressionRule("x", "SqlInjectionAttempt",
                    List.of(new Condition.UrlPrefix("/prod")), "r", "", null, false, T0, "a");
            assertThat(s.wouldSuppress(sqlOnly)).hasSize(1);
            assertThat(s.setRuleEnabled("old", false)).isTrue();
            assertThat(s.rule("old").orElseThrow().enabled()).isFalse();
            assertThat(s.removeRule("old")).isTrue();
            assertThat(s.removeRule("old")).isFalse();
        }
    }

    @Test
    void listFilters() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            assertThat(s.list(new AlertQuery(Set.of(), dev.vigil.catalogue.Severity.MEDIUM, null, null, null, 0)))
                    .extracting(a -> a.alert().type().name()).containsExactly("SqlInjectionAttempt");
            assertThat(s.list(new AlertQuery(Set.of(), null, null, null, "198.51.100.4", 0))).hasSize(1);
            assertThat(s.list(new AlertQuery(Set.of(), null, null, null, "wp-login", 0))).hasSize(1);
            assertThat(s.list(new AlertQuery(Set.of(), null, null, null, "shop.EXAMPLE", 0))).hasSize(2);
            assertThat(s.list(new AlertQuery(Set.of(), null, null, null, "%", 0))).isEmpty();
            assertThat(s.list(new AlertQuery(Set.of(), null, null, T0 + 15_000, null, 0))).hasSize(1);
            assertThat(s.list(new AlertQuery(Set.of(AlertStatus.RESOLVED), null, null, null, null, 0))).isEmpty();
            assertThat(s.list(new AlertQuery(Set.of(), null, null, null, null, 1))).hasSize(1);
        }
    }

    @Test
    void outboxKeepsFailedDeliveriesUntilDelivered() {
        Path db = dir.resolve("vigil.db");
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            s.enqueue("webhook", "http://127.0.0.1:9/x", "k9", "http://127.0.0.1:9/x", "{\"a\":1}", "ConnectException");
        }
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            List<OutboxEntry> o = s.outbox("webhook");
            assertThat(o).singleElement().satisfies(e -> {
                assertThat(e.payload()).isEqualTo("{\"a\":1}");
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.destKey()).isEqualTo("k9");
            });
            s.outboxResult(o.get(0).id(), false, "HTTP 503");
            assertThat(s.outbox("webhook").get(0).attempts()).isEqualTo(2);
            assertThat(s.outbox("webhook").get(0).lastError()).isEqualTo("HTTP 503");
            s.outboxResult(o.get(0).id(), true, null);
            assertThat(s.outbox("webhook")).isEmpty();
        }
    }

    @Test
    void outboxIsKeptPerDestination() {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.enqueue("webhook", "http://127.0.0.1:9/a", "ka", "http://127.0.0.1:9/a", "{}", "refused");
            s.enqueue("webhook", "http://127.0.0.1:9/a", "ka", "http://127.0.0.1:9/a", "{}", "refused");
            s.enqueue("webhook", "http://127.0.0.1:10/b", "kb", null, "{}", "refused");
            assertThat(s.outbox("webhook", "ka", 10)).hasSize(2);
            assertThat(s.outbox("webhook", "ka", 1)).hasSize(1);
            assertThat(s.outbox("webhook", "kb", 10)).singleElement().satisfies(e -> assertThat(e.reference()).isNull());
            assertThat(s.outboxDestinations("webhook")).extracting(OutboxDestination::destKey, OutboxDestination::pending,
                    OutboxDestination::lastError).containsExactly(org.assertj.core.groups.Tuple.tuple("ka", 2, "refused"),
                    org.assertj.core.groups.Tuple.tuple("kb", 1, "refused"));
            assertThat(s.purgeOutbox("webhook", "ka")).isEqualTo(2);
            assertThat(s.outbox("webhook")).hasSize(1);
            assertThat(s.purgeOutbox("webhook", null)).isEqualTo(1);
        }
    }

    @Test
    void secretsOfOutboxRowsFromBeforeVersion3AreMaskedOnOpen() throws Exception {
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO outbox (id, sink, target, payload, attempts, created_at) VALUES "
                    + "('o1', 'webhook', 'https://u:hunter2@siem.example/in?token=t0ps3cret', '{}', 1, 0)");
        }
        try (SqliteAlertStore s = SqliteAlertStore.open(db)) {
            assertThat(s.outbox("webhook")).singleElement().satisfies(e -> {
                assertThat(e.destination()).isEqualTo("https://***@siem.example/in?token=***");
                assertThat(e.reference()).isNull();
                assertThat(e.destKey()).hasSize(16);
            });
        }
        byte[] all = Files.readAllBytes(db);
        assertThat(new String(all, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("hunter2")
                .doesNotContain("t0ps3cret");
    }

    @Test
    void hostileEvidenceRoundTripsExactly() {
        String hostile = "=cmd|' /C calc'!A0 \"q\"\n<script>\u001b[31m\uFFFD|=\\";
        HttpRequest r = HttpRequest.builder(new Origin("x\n.log", 1, 0)).timeMillis(T0).clientIp("::1")
                .target("/a?q=" + hostile).build();
        AlertAggregator agg = new AlertAggregator();
        agg.add(new Detection("r", SQLI, SQLI.severity(), r, "query", hostile, hostile));
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(agg.alerts(), Suppressor.none(), "a");
            StoredAlert got = s.list(AlertQuery.all()).get(0);
            assertThat(got.alert().evidence().get(0).decoded()).isEqualTo(hostile);
            assertThat(got.alert().evidence().get(0).source()).isEqualTo("x\n.log");
        }
    }

    @Test
    void idPrefixNeedsSixCharacters() throws Exception {
        try (SqliteAlertStore s = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            String id = s.list(AlertQuery.all()).get(0).alert().id();
            assertThat(s.find(id.substring(0, 6))).isPresent();
            assertThat(s.find(id.substring(0, 3))).isEmpty();
            assertThat(s.find("not hex'; DROP TABLE alerts;--")).isEmpty();
        }
        assertThat(Files.size(dir.resolve("vigil.db"))).isPositive();
    }
}
