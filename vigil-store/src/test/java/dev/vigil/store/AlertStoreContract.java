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
import dev.vigil.catalogue.Severity;
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

/**
 * What every {@link AlertStore} does, whatever the database: run by {@link SqliteAlertStoreTest}
 * and {@link PostgresAlertStoreTest}. Each test opens the store with {@link #open()} as often as it
 * likes; a test starts on an empty database.
 */
abstract class AlertStoreContract {
    /** Opens the store under test, on this test's database. */
    abstract AlertStore open();

    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");
    static final AlertType SCANNER = AlertCatalogue.builtIn().get("ScannerDetected");
    static final long T0 = 1_700_000_000_000L;

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
    void rescanningTheSameLogsGivesNoDuplicatesAndSameCounts() {
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
            s.enqueue("webhook", "http://127.0.0.1:9/x", "k9", "http://127.0.0.1:9/x", "{\"a\":1}", "ConnectException");
        }
        try (AlertStore s = open()) {
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
        try (AlertStore s = open()) {
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
    void aWatchCommitQueuesEachUpdateOncePerDestinationInOrder() {
        dev.vigil.export.sink.Outlet hook = dev.vigil.export.sink.Outlet.of(
                dev.vigil.export.sink.SinkSpec.parse("webhook:http://127.0.0.1:9/hook"), n -> null);
        dev.vigil.export.sink.Outlet file = dev.vigil.export.sink.Outlet.of(
                dev.vigil.export.sink.SinkSpec.parse("ndjson:/tmp/vigil-contract.ndjson"), n -> null);
        List<Detection> ds = fileA();
        List<Alert> first = scan(ds.subList(0, 5)); // SQLi with 5 detections
        List<Alert> grown = scan(ds); // SQLi with 12, and the scanner
        try (AlertStore s = open()) {
            s.upsert(first, Suppressor.none(), "w", "watch:a", new byte[] {1}, List.of(hook, file));
            // the same commit handed over again (a restart restores the state before the drain): nothing new
            s.upsert(first, Suppressor.none(), "w", "watch:a", new byte[] {1}, List.of(hook, file));
            s.upsert(grown, Suppressor.none(), "w", "watch:a", new byte[] {2}, List.of(hook, file));
            List<OutboxEntry> rows = s.outbox(hook.sink(), hook.destKey(), 100);
            assertThat(rows).extracting(e -> dev.vigil.export.sink.Outlet.open(e.payload()).key())
                    .containsExactly(first.get(0).id() + ":5", grown.get(0).id() + ":12", grown.get(1).id() + ":1");
            assertThat(dev.vigil.export.sink.Outlet.open(rows.get(0).payload()).body()).contains("\"update\":false");
            assertThat(dev.vigil.export.sink.Outlet.open(rows.get(1).payload()).body()).contains("\"update\":true");
            assertThat(rows).allSatisfy(e -> assertThat(e.attempts()).isZero());
            assertThat(s.outbox(file.sink(), file.destKey(), 100)).hasSize(3);
            assertThat(s.outboxDestinations(null)).extracting(OutboxDestination::sink, OutboxDestination::pending)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("watch:webhook", 3),
                            org.assertj.core.groups.Tuple.tuple("watch:ndjson", 3));
            assertThat(s.state("watch:a")).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
            s.outboxDelivered(List.of(rows.get(0).id(), rows.get(1).id()));
            assertThat(s.outbox(hook.sink(), hook.destKey(), 100)).extracting(OutboxEntry::id).containsExactly(rows.get(2).id());
            // delivered rows are gone, but what was queued is remembered: no resend of the same count
            s.upsert(grown, Suppressor.none(), "w", "watch:a", new byte[] {3}, List.of(hook));
            assertThat(s.outbox(hook.sink(), hook.destKey(), 100)).hasSize(1);
            assertThat(s.purgeOutbox(null, file.destKey())).isEqualTo(3);
        }
    }

    @Test
    void aWatchCommitThatFailsKeepsNothingOfIt() {
        dev.vigil.export.sink.Outlet hook = dev.vigil.export.sink.Outlet.of(
                dev.vigil.export.sink.SinkSpec.parse("webhook:http://127.0.0.1:9/hook"), n -> null);
        // no destination key: its rows go in, then remembering their counts breaks a NOT NULL
        // constraint, the last step of the commit; alerts, state and the rows of both outlets
        // must all be rolled back together
        dev.vigil.export.sink.Outlet broken = new dev.vigil.export.sink.Outlet(hook.spec(), hook.sink(),
                hook.destination(), null, null);
        try (AlertStore s = open()) {
            List<Alert> alerts = scan(fileA());
            assertThatThrownBy(() -> s.upsert(alerts, Suppressor.none(), "w", "watch:b", new byte[] {1},
                    List.of(hook, broken))).isInstanceOf(RuntimeException.class);
            assertThat(s.outboxDestinations(null)).isEmpty();
            assertThat(s.state("watch:b")).isEmpty();
            assertThat(s.find(alerts.get(0).id())).isEmpty();
        }
    }

    @Test
    void hostileEvidenceRoundTripsExactly() {
        String hostile = "=cmd|' /C calc'!A0 \"q\"\n<script>\u001b[31m\uFFFD|=\\";
        HttpRequest r = HttpRequest.builder(new Origin("x\n.log", 1, 0)).timeMillis(T0).clientIp("::1")
                .target("/a?q=" + hostile).build();
        AlertAggregator agg = new AlertAggregator();
        agg.add(new Detection("r", SQLI, SQLI.severity(), r, "query", hostile, hostile));
        try (AlertStore s = open()) {
            s.upsert(agg.alerts(), Suppressor.none(), "a");
            StoredAlert got = s.list(AlertQuery.all()).get(0);
            assertThat(got.alert().evidence().get(0).decoded()).isEqualTo(hostile);
            assertThat(got.alert().evidence().get(0).source()).isEqualTo("x\n.log");
        }
    }

    @Test
    void idPrefixNeedsSixCharacters() throws Exception {
        try (AlertStore s = open()) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            String id = s.list(AlertQuery.all()).get(0).alert().id();
            assertThat(s.find(id.substring(0, 6))).isPresent();
            assertThat(s.find(id.substring(0, 3))).isEmpty();
            assertThat(s.find("not hex'; DROP TABLE alerts;--")).isEmpty();
        }
    }
    @Test
    void reopeningKeepsTheSchemaAtTheLatestVersion() {
        try (AlertStore s = open()) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
        }
        try (AlertStore s = open()) {
            assertThat(s.schemaVersion()).isEqualTo(Schema.latest());
        }
    }

    @Test
    void fourWritersStoringTheSameAlertsAtOnceLoseNothing() throws Exception {
        ConcurrentWritersTest.race(this::open, 4, 400, 0);
    }

    @Test
    void pagingWhileAlertsArriveNeitherSkipsNorRepeats() {
        PaginationTest.pageWhileWriting(this::open);
    }

    static StoredIncident computed(String... alertIds) {
        String id = "inc-" + Integer.toHexString(String.join(",", alertIds).hashCode());
        return new StoredIncident(id, "Attack", Severity.HIGH, "attempted", "story", List.of(alertIds),
                List.of("203.0.113.9"), List.of("shop.example"), 1_000L, 2_000L, 0L, null);
    }

    @Test
    void anIncidentKeepsItsIdWhenAnAlertLeavesOrJoins() {
        try (AlertStore s = open()) {
            String id = s.replaceIncidents(List.of(computed("a1", "a2", "a3"))).get(0).id();
            // a suppression dismissed a3: the recomputed incident hashes to another id
            assertThat(computed("a1", "a2").id()).isNotEqualTo(id);
            assertThat(s.replaceIncidents(List.of(computed("a1", "a2"))).get(0).id()).isEqualTo(id);
            assertThat(s.incident(id)).isPresent();
            // a later scan added a4 and a5
            assertThat(s.replaceIncidents(List.of(computed("a1", "a2", "a4", "a5"))).get(0).id()).isEqualTo(id);
            assertThat(s.incident(id).orElseThrow().alertIds()).containsExactly("a1", "a2", "a4", "a5");
        }
    }

    @Test
    void aSplitKeepsTheIdOnTheLargerPartAndAMergeRemembersTheOtherId() {
        try (AlertStore s = open()) {
            List<StoredIncident> two = s.replaceIncidents(List.of(computed("a1", "a2", "a3"), computed("b1")));
            String a = two.get(0).id();
            String b = two.get(1).id();
            List<StoredIncident> merged = s.replaceIncidents(List.of(computed("a1", "a2", "a3", "b1")));
            assertThat(merged).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(a));
            assertThat(s.incident(b)).isEmpty();
            assertThat(s.incidentAlias(b)).contains(a);
            List<StoredIncident> split = s.replaceIncidents(List.of(computed("a1"), computed("a2", "a3")));
            assertThat(split.get(1).id()).isEqualTo(a);
            assertThat(split.get(0).id()).isNotEqualTo(a);
            s.replaceIncidents(List.of());
            assertThat(s.incidentAlias(a)).contains(""); // its alerts are gone
        }
    }

    @Test
    void statusAndHistoryFollowTheIncidentAcrossRegrouping() {
        try (AlertStore s = open()) {
            String id = s.replaceIncidents(List.of(computed("a1", "a2"))).get(0).id();
            StatusChange c = s.setIncidentStatus(id.substring(0, 6), AlertStatus.IN_PROGRESS, "dana", "looking");
            assertThat(c.from()).isEqualTo(AlertStatus.ACTIVE);
            assertThat(s.replaceIncidents(List.of(computed("a1", "a2", "a3"))).get(0).status())
                    .isEqualTo(AlertStatus.IN_PROGRESS);
            s.setIncidentStatus(id, AlertStatus.RESOLVED, "dana", "patched");
            assertThat(s.incident(id).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(s.incidentHistory(id)).extracting(StatusChange::to, StatusChange::comment)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertStatus.IN_PROGRESS, "looking"),
                            org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, "patched"));
            assertThatThrownBy(() -> s.setIncidentStatus("inc-none", AlertStatus.RESOLVED, "d", ""))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void alertsForIncidentsAreBoundedAndCarryNoEvidence() {
        try (AlertStore s = open()) {
            s.upsert(StoreFaultsTest.alerts("ee", 50), dev.vigil.alert.suppress.Suppressor.none(), "t");
            List<dev.vigil.alert.Alert> got = s.alertsForIncidents(20);
            assertThat(got).hasSize(20).allSatisfy(a -> assertThat(a.evidence()).isEmpty());
            // most recently seen first
            assertThat(got.get(0).lastSeen()).isGreaterThan(got.get(19).lastSeen());
            s.setStatus(got.get(0).id(), AlertStatus.DISMISSED, "t", "");
            assertThat(s.alertsForIncidents(100)).hasSize(49).noneMatch(a -> a.id().equals(got.get(0).id()));
        }
    }

    @Test
    void regroupingIncrementallyGivesWhatRegroupingEverythingGives() {
        java.util.Random r = new java.util.Random(42);
        String[] types = {"ScannerDetected", "SqlInjectionAttempt", "WebShellRequest", "CommandInjectionAttempt",
            "WebShellActivity", "CryptoMining", "ReverseShell", "TestAlert"};
        dev.vigil.incident.IncidentCorrelator correlator = new dev.vigil.incident.IncidentCorrelator();
        List<String> ids = new ArrayList<>();
        try (AlertStore s = open()) {
            for (int round = 0; round < 25; round++) {
                List<dev.vigil.alert.Alert> batch = new ArrayList<>();
                for (int k = 0; k < 12; k++) {
                    boolean again = !ids.isEmpty() && r.nextInt(3) == 0;
                    String id = again ? ids.get(r.nextInt(ids.size())) : String.format("%064x", r.nextLong() & Long.MAX_VALUE);
                    AlertType t = dev.vigil.catalogue.AlertCatalogue.builtIn().get(types[r.nextInt(types.length)]);
                    java.util.Map<String, String> e = new java.util.LinkedHashMap<>();
                    if (r.nextInt(4) > 0) {
                        e.put("ip", "203.0.113." + r.nextInt(6));
                    }
                    if (r.nextInt(5) > 0) {
                        e.put("host", "web" + r.nextInt(3));
                    }
                    long at = r.nextInt(8) == 0 ? dev.vigil.event.Event.NO_TIME : T0 + r.nextInt(600) * 60_000L;
                    long until = at == dev.vigil.event.Event.NO_TIME ? at : at + r.nextInt(30) * 60_000L;
                    batch.add(new dev.vigil.alert.Alert(id, t, t.severity(), e, at, until, 1, List.of("r"), List.of(),
                            50, r.nextInt(15) == 0, java.util.Map.of("f" + round + ".log", 1L)));
                    if (!again) {
                        ids.add(id);
                    }
                }
                s.upsert(batch, Suppressor.none(), "t");
                for (int k = 0; k < 3 && !ids.isEmpty(); k++) {
                    String id = ids.get(r.nextInt(ids.size()));
                    AlertStatus to = r.nextBoolean() ? AlertStatus.DISMISSED : AlertStatus.ACTIVE;
                    try {
                        s.setStatus(id, to, "t", "");
                    } catch (IllegalStateException | IllegalArgumentException sameOrGone) {
                        // already there, or a sample the store refused to regroup anyway
                    }
                }
                // what a full regrouping of every stored alert would store
                List<StoredIncident> before = new ArrayList<>(s.incidents());
                before.sort(java.util.Comparator.comparing(StoredIncident::id));
                List<StoredIncident> full = IncidentIds.assign(before, correlator.correlate(s.alertsForIncidents(1_000_000))
                        .stream().map(i -> StoredIncident.of(i, 0)).toList());
                List<dev.vigil.incident.Incident> regrouped = s.regroupIncidents(correlator, 1_000_000);
                assertThat(summary(s.incidents())).as("round %d", round).isEqualTo(summary(full));
                Set<String> returned = new java.util.HashSet<>();
                regrouped.forEach(i -> i.alerts().forEach(a -> returned.add(a.id())));
                for (dev.vigil.alert.Alert a : batch) {
                    StoredAlert now = s.find(a.id()).orElseThrow();
                    if (!now.alert().type().test() && !now.alert().sample() && now.status() != AlertStatus.DISMISSED) {
                        assertThat(returned).as("round %d: the incident of stored alert %s is returned (%s %s %s)", round, a.id(), now.status(), now.alert().type().name(), now.alert().entities())
                                .contains(a.id());
                    }
                }
            }
            assertThat(s.incidents().stream().filter(i -> i.alertIds().size() > 2)).as("the sets grew real incidents")
                    .isNotEmpty();
        }
    }

    private static java.util.Map<String, String> summary(List<StoredIncident> incidents) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (StoredIncident i : incidents) {
            out.put(i.id(), String.join(",", i.alertIds()) + " | " + i.title() + " | " + i.severity() + " | "
                    + i.outcome() + " | " + i.narrative() + " | " + i.status() + " | " + i.firstSeen() + "-" + i.lastSeen());
        }
        return out;
    }

    @Test
    void aWatchStateIsKeptWithItsAlerts() {
        byte[] state = {0, 1, 2, (byte) 0xff, 'v'};
        try (AlertStore s = open()) {
            s.upsert(StoreFaultsTest.alerts("fa", 2), Suppressor.none(), "watch", "web", state);
            s.upsert(StoreFaultsTest.alerts("fb", 1), Suppressor.none(), "watch", "web", new byte[] {7});
        }
        try (AlertStore s = open()) {
            assertThat(s.state("web")).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
            assertThat(s.state("other")).isEmpty();
            assertThat(s.states()).extracting(AlertStore.NamedState::name).containsExactly("web");
            assertThat(s.list(AlertQuery.all())).hasSize(3);
        }
    }

    /**
     * Alerts spread over types, severities, four addresses, three hosts (in two spellings) and two
     * days, a tenth without times; {@code round} moves the times on, so storing a later round
     * merges into alerts of an earlier one and moves them to another day.
     */
    static List<Alert> spread(int n, int round, java.util.Random r) {
        List<AlertType> types = List.of(SQLI, SCANNER, AlertCatalogue.builtIn().get("PathTraversalAttempt"));
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(n * 2); // ids repeat across rounds: merges
            String id = String.format("%064x", 0xabc000L + k);
            long t = k % 10 == 0 ? dev.vigil.event.Event.NO_TIME : T0 + round * 86_400_000L + r.nextInt(3_600_000);
            java.util.Map<String, String> e = new java.util.LinkedHashMap<>();
            if (k % 7 != 0) {
                e.put("ip", "192.0.2." + (k % 4));
            }
            if (k % 5 != 0) {
                e.put("host", (k % 2 == 0 ? "Web" : "web") + (k % 3) + ".example");
            }
            Severity sev = Severity.values()[(k + round) % Severity.values().length];
            out.add(new Alert(id, types.get(k % types.size()), sev, e, t, t, 1 + r.nextInt(3), List.of("r"), List.of()));
        }
        return out;
    }

    /** The summary as a count of the stored alerts one by one would give it. */
    static void assertSummaryCountsTheAlerts(AlertStore s) {
        List<StoredAlert> all = s.list(AlertQuery.all());
        AlertSummary sum = s.summary(100, 30);
        assertThat(sum.total()).isEqualTo(all.size());
        java.util.Map<AlertStatus, Long> byStatus = new java.util.EnumMap<>(AlertStatus.class);
        java.util.Map<Severity, Long> bySev = new java.util.EnumMap<>(Severity.class);
        java.util.Map<String, Long> types = new java.util.HashMap<>();
        java.util.Map<String, Long> ips = new java.util.HashMap<>();
        java.util.Map<String, Long> hosts = new java.util.HashMap<>();
        java.util.Map<java.time.LocalDate, java.util.Map<Severity, Long>> days = new java.util.HashMap<>();
        for (StoredAlert a : all) {
            byStatus.merge(a.status(), 1L, Long::sum);
            if (a.status() != AlertStatus.ACTIVE && a.status() != AlertStatus.IN_PROGRESS) {
                continue;
            }
            bySev.merge(a.alert().severity(), 1L, Long::sum);
            types.merge(a.alert().type().name(), 1L, Long::sum);
            if (a.alert().entities().get("ip") != null) {
                ips.merge(a.alert().entities().get("ip"), 1L, Long::sum);
            }
            if (a.alert().entities().get("host") != null) {
                hosts.merge(a.alert().entities().get("host"), 1L, Long::sum);
            }
            if (a.alert().lastSeen() != dev.vigil.event.Event.NO_TIME) {
                days.computeIfAbsent(java.time.LocalDate.ofEpochDay(a.alert().lastSeen() / 86_400_000L),
                        d -> new java.util.EnumMap<>(Severity.class)).merge(a.alert().severity(), 1L, Long::sum);
            }
        }
        for (AlertStatus st : AlertStatus.values()) {
            assertThat(sum.byStatus().get(st)).as("status %s", st).isEqualTo(byStatus.getOrDefault(st, 0L));
        }
        for (Severity sv : Severity.values()) {
            assertThat(sum.openBySeverity().get(sv)).as("severity %s", sv).isEqualTo(bySev.getOrDefault(sv, 0L));
        }
        assertThat(sum.topTypes()).extracting(AlertSummary.Count::value, AlertSummary.Count::count)
                .containsExactlyInAnyOrderElementsOf(types.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        assertThat(sum.topIps()).extracting(AlertSummary.Count::value, AlertSummary.Count::count)
                .containsExactlyInAnyOrderElementsOf(ips.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        assertThat(sum.topHosts()).extracting(AlertSummary.Count::value, AlertSummary.Count::count)
                .containsExactlyInAnyOrderElementsOf(hosts.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        // most first
        assertThat(sum.topHosts()).extracting(AlertSummary.Count::count).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        sum.openByDay().forEach((day, counts) -> {
            for (Severity sv : Severity.values()) {
                assertThat(counts.get(sv)).as("%s %s", day, sv)
                        .isEqualTo(days.getOrDefault(day, java.util.Map.of()).getOrDefault(sv, 0L));
            }
        });
    }

    @Test
    void theSummaryCountsEveryAlertAsItIsNow() {
        java.util.Random r = new java.util.Random(11);
        SuppressionRule rule = new SuppressionRule("quiet", null, List.of(Condition.IpIn.parse(List.of("192.0.2.3"))),
                "lab address", "", null, true, T0, "alice");
        try (AlertStore s = open()) {
            assertThat(s.summary(10, 14).total()).isZero();
            assertThat(s.summary(10, 14).latestDay()).isNull();
            for (int round = 0; round < 4; round++) {
                // merges move alerts to a later day and another severity
                s.upsert(spread(60, round, r), round == 2 ? new Suppressor(List.of(rule), T0) : Suppressor.none(), "t");
                List<StoredAlert> all = s.list(AlertQuery.all());
                for (int i = 0; i < 8; i++) {
                    StoredAlert a = all.get(r.nextInt(all.size()));
                    try {
                        s.setStatus(a.alert().id(), a.status().next().iterator().next(), "bob", "triage");
                    } catch (IllegalStateException ignored) {
                        // no next status from here
                    }
                }
                s.setStatuses(all.stream().limit(5).map(a -> a.alert().id()).toList(), AlertStatus.DISMISSED, "bob", "bulk");
                assertSummaryCountsTheAlerts(s);
            }
            AlertSummary sum = s.summary(2, 3);
            assertThat(sum.topIps()).hasSize(2);
            assertThat(sum.openByDay()).hasSize(3);
            assertThat(sum.openByDay().lastKey()).isEqualTo(sum.latestDay())
                    .isEqualTo(java.time.LocalDate.ofEpochDay((T0 + 3 * 86_400_000L) / 86_400_000L));
        }
    }

    @Test
    void everyFilterPagesInTheListOrderAsTheFullListFiltersIt() {
        java.util.Random r = new java.util.Random(5);
        try (AlertStore s = open()) {
            for (int round = 0; round < 3; round++) {
                s.upsert(spread(200, round, r), Suppressor.none(), "t");
            }
            List<StoredAlert> all = s.list(AlertQuery.all());
            for (int i = 0; i < 60; i++) {
                StoredAlert a = all.get(i * 3);
                s.setStatus(a.alert().id(), i % 2 == 0 ? AlertStatus.IN_PROGRESS : AlertStatus.DISMISSED, "bob", "");
            }
            all = s.list(AlertQuery.all());
            assertThat(all).isSortedAccordingTo(PaginationTest::listOrder);
            long since = T0 + 86_400_000L;
            long until = T0 + 2 * 86_400_000L;
            record Case(AlertQuery q, java.util.function.Predicate<StoredAlert> keep) {}
            java.util.function.Function<StoredAlert, String> ip = a -> a.alert().entities().get("ip");
            java.util.function.Function<StoredAlert, String> host = a -> a.alert().entities().get("host");
            List<Case> cases = List.of(
                    new Case(new AlertQuery(EnumSet.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS), Severity.MEDIUM, null,
                            null, null, 0), a -> a.status().ordinal() <= 1 && a.alert().severity().compareTo(Severity.MEDIUM) >= 0),
                    new Case(new AlertQuery(EnumSet.of(AlertStatus.DISMISSED), null, null, null, null, 0),
                            a -> a.status() == AlertStatus.DISMISSED),
                    new Case(new AlertQuery(Set.of(), null, "ScannerDetected", null, null, 0),
                            a -> a.alert().type().equals(SCANNER)),
                    new Case(AlertQuery.all().exactly(Set.of(), "192.0.2.1", null), a -> "192.0.2.1".equals(ip.apply(a))),
                    new Case(AlertQuery.all().exactly(Set.of(), null, "WEB1.example"),
                            a -> "web1.example".equalsIgnoreCase(host.apply(a))),
                    new Case(AlertQuery.all().exactly(EnumSet.of(Severity.LOW, Severity.HIGH), null, null),
                            a -> a.alert().severity() == Severity.LOW || a.alert().severity() == Severity.HIGH),
                    new Case(new AlertQuery(EnumSet.of(AlertStatus.ACTIVE, AlertStatus.DISMISSED), null, null, since, null, 0),
                            a -> (a.status() == AlertStatus.ACTIVE || a.status() == AlertStatus.DISMISSED)
                                    && (a.alert().lastSeen() == dev.vigil.event.Event.NO_TIME || a.alert().lastSeen() >= since)),
                    new Case(new AlertQuery(Set.of(), null, null, since, until, null, 0, null),
                            a -> a.alert().lastSeen() == dev.vigil.event.Event.NO_TIME
                                    || (a.alert().lastSeen() >= since && a.alert().firstSeen() <= until)),
                    new Case(new AlertQuery(EnumSet.of(AlertStatus.IN_PROGRESS), Severity.LOW, "SqlInjectionAttempt", since,
                            null, 0).exactly(Set.of(), "192.0.2.2", "web2.EXAMPLE"),
                            a -> a.status() == AlertStatus.IN_PROGRESS && a.alert().severity().compareTo(Severity.LOW) >= 0
                                    && a.alert().type().equals(SQLI) && "192.0.2.2".equals(ip.apply(a))
                                    && "web2.example".equalsIgnoreCase(host.apply(a))
                                    && (a.alert().lastSeen() == dev.vigil.event.Event.NO_TIME || a.alert().lastSeen() >= since)));
            for (Case c : cases) {
                List<String> expected = all.stream().filter(c.keep()).map(a -> a.alert().id()).toList();
                assertThat(s.list(c.q()).stream().map(a -> a.alert().id()).toList()).as("%s", c.q()).isEqualTo(expected);
                for (int size : new int[] {1, 7, 50}) {
                    List<String> paged = new ArrayList<>();
                    String cursor = null;
                    do {
                        AlertPage p = s.page(c.q().withLimit(size).after(cursor));
                        assertThat(p.alerts().size()).isLessThanOrEqualTo(size);
                        p.alerts().forEach(a -> paged.add(a.alert().id()));
                        cursor = p.nextCursor();
                    } while (cursor != null);
                    assertThat(paged).as("%s by %d", c.q(), size).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aBulkStatusChangeIsOneTransactionWhereEachIdAnswersOnItsOwn() {
        try (AlertStore s = open()) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            List<StoredAlert> all = s.list(AlertQuery.all());
            String first = all.get(0).alert().id();
            String second = all.get(1).alert().id();
            s.setStatus(second, AlertStatus.RESOLVED, "bob", "");
            var results = s.setStatuses(List.of(first.substring(0, 8), "f".repeat(64), second, "x'; DROP TABLE alerts"),
                    AlertStatus.IN_PROGRESS, "carol", "bulk");
            assertThat(results).extracting(AlertStore.StatusResult::ok).containsExactly(true, false, false, false);
            assertThat(results.get(0).change().alertId()).isEqualTo(first);
            assertThat(results.get(1).error()).contains("no alert");
            assertThat(results.get(2).error()).contains("Resolved");
            assertThat(s.find(first).orElseThrow().status()).isEqualTo(AlertStatus.IN_PROGRESS);
            assertThat(s.history(first)).last().satisfies(h -> assertThat(h.actor()).isEqualTo("carol"));
            assertThat(s.find(second).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
        }
    }

    @Test
    void theIncidentsOfAnAlertAreThoseThatHoldIt() {
        try (AlertStore s = open()) {
            s.upsert(scan(fileA()), Suppressor.none(), "a");
            var incidents = s.regroupIncidents(new dev.vigil.incident.IncidentCorrelator(), 1000);
            for (StoredAlert a : s.list(AlertQuery.all())) {
                List<String> holding = s.incidents().stream().filter(i -> i.alertIds().contains(a.alert().id()))
                        .map(StoredIncident::id).toList();
                assertThat(s.incidentsOf(a.alert().id())).containsExactlyInAnyOrderElementsOf(holding);
            }
            assertThat(incidents).isNotEmpty();
            assertThat(s.incidentsOf("0".repeat(64))).isEmpty();
        }
    }

    @Test
    void tokensAndUsersAreKeptInTheStoresDatabase() {
        try (JdbcAlertStore s = (JdbcAlertStore) open()) {
            Credentials c = s.credentials();
            Credentials.Token a = c.addToken("tok-a", "alice", "admin", "a".repeat(64), 1000);
            assertThat(a.active()).isTrue();
            assertThatThrownBy(() -> c.addToken("tok-b", "alice", "viewer", "b".repeat(64), 2000))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already named 'alice'");
            assertThat(c.activeToken("a".repeat(64))).contains(a);
            assertThat(c.revokeToken("alice", 3000)).hasValueSatisfying(t -> assertThat(t.revokedMillis()).isEqualTo(3000));
            assertThat(c.activeToken("a".repeat(64))).isEmpty();
            assertThat(c.revokeToken("alice", 3001)).isEmpty();
            // the name is free again; by name the active one is found first, by id the one named
            Credentials.Token b = c.addToken("tok-b", "alice", "viewer", "b".repeat(64), 4000);
            assertThat(c.token("alice")).contains(b);
            assertThat(c.token("tok-a").orElseThrow().revokedMillis()).isEqualTo(3000);
            c.tokenUsed("tok-b", 5000);
            assertThat(c.token("tok-b").orElseThrow().lastUsedMillis()).isEqualTo(5000);
            assertThat(c.tokens()).extracting(Credentials.Token::id).containsExactly("tok-a", "tok-b");

            assertThat(c.putUser("carol", "analyst", "$2a$12$hash1", 1000)).isTrue();
            assertThat(c.putUser("carol", "viewer", "$2a$12$hash2", 2000)).isFalse();
            assertThat(c.putUser("bob", "admin", "$2a$12$hash3", 3000)).isTrue();
            assertThat(c.user("carol")).contains(new Credentials.User("carol", "viewer", 1000));
            assertThat(c.userHash("carol")).isEqualTo("$2a$12$hash2");
            assertThat(c.userHash("nobody")).isNull();
            assertThat(c.users()).extracting(Credentials.User::name).containsExactly("bob", "carol");
            assertThat(c.removeUser("carol")).isTrue();
            assertThat(c.removeUser("carol")).isFalse();
        }
        try (JdbcAlertStore s = (JdbcAlertStore) open()) {
            // another opener (another server on the same database) sees them
            assertThat(s.credentials().token("alice").orElseThrow().id()).isEqualTo("tok-b");
            assertThat(s.credentials().users()).extracting(Credentials.User::name).containsExactly("bob");
        }
    }

    @Test
    void activeSinceKeepsWhatWasLastSeenOrStoredSince() {
        long now = System.currentTimeMillis();
        long future = now + 86_400_000L;
        List<Alert> alerts = List.of(
                new Alert("a".repeat(64), SQLI, Severity.HIGH, java.util.Map.of("ip", "192.0.2.1"), T0, T0, 1, List.of("r"), List.of()),
                new Alert("b".repeat(64), SQLI, Severity.HIGH, java.util.Map.of("ip", "192.0.2.2"), future, future, 1, List.of("r"), List.of()),
                new Alert("c".repeat(64), SCANNER, Severity.LOW, java.util.Map.of(), dev.vigil.event.Event.NO_TIME,
                        dev.vigil.event.Event.NO_TIME, 1, List.of("r"), List.of()));
        try (AlertStore s = open()) {
            s.upsert(alerts, Suppressor.none(), "t");
            java.util.function.Function<AlertQuery, List<String>> ids = q -> s.list(q).stream().map(a -> a.alert().id()).toList();
            // all were stored just now, whenever they were seen
            assertThat(ids.apply(AlertQuery.all().activeSince(now - 3_600_000))).containsExactly(
                    "b".repeat(64), "a".repeat(64), "c".repeat(64));
            // an hour from now only the alert last seen tomorrow is still active
            assertThat(ids.apply(AlertQuery.all().activeSince(now + 3_600_000))).containsExactly("b".repeat(64));
            // with the other filters, as the blocking decisions ask, and paged
            AlertQuery decisions = new AlertQuery(EnumSet.of(AlertStatus.ACTIVE, AlertStatus.IN_PROGRESS, AlertStatus.RESOLVED),
                    Severity.MEDIUM, null, null, null, 0).activeSince(now - 3_600_000);
            assertThat(ids.apply(decisions)).containsExactly("b".repeat(64), "a".repeat(64));
            AlertPage first = s.page(decisions.withLimit(1));
            assertThat(first.alerts()).extracting(a -> a.alert().id()).containsExactly("b".repeat(64));
            assertThat(s.page(decisions.withLimit(1).after(first.nextCursor())).alerts()).extracting(a -> a.alert().id())
                    .containsExactly("a".repeat(64));
        }
    }

    @Test
    void fetchedFeedsKeepTheirValidatorsIntervalAndLastOutcome() {
        try (AlertStore s = open()) {
            s.registerFeed(new AlertStore.Feed("/var/feeds/a.txt", "a.txt", "plain", 3, T0));
            AlertStore.Feed fetched = new AlertStore.Feed("/cache/1f2e-blocklist.txt", "blocklist.txt", "plain", 120, T0,
                    "https://feeds.example/blocklist.txt", "\"v1\"", "Tue, 01 Dec 2026 10:00:00 GMT", 3_600_000L,
                    T0 + 5, "fetched: 120 indicators");
            s.registerFeed(fetched);
            assertThat(s.feeds()).containsExactly(new AlertStore.Feed("/cache/1f2e-blocklist.txt", "blocklist.txt",
                    "plain", 120, T0, "https://feeds.example/blocklist.txt", "\"v1\"", "Tue, 01 Dec 2026 10:00:00 GMT",
                    3_600_000L, T0 + 5, "fetched: 120 indicators"),
                    new AlertStore.Feed("/var/feeds/a.txt", "a.txt", "plain", 3, T0));
            // a failed refresh keeps the copy and what it held, and records the failure
            s.registerFeed(new AlertStore.Feed(fetched.path(), fetched.name(), fetched.format(), fetched.indicators(),
                    fetched.loadedMillis(), fetched.url(), fetched.etag(), fetched.lastModified(), fetched.refreshMillis(),
                    T0 + 9, "failed: HTTP 503"));
            AlertStore.Feed after = s.feeds().get(0);
            assertThat(after.outcome()).isEqualTo("failed: HTTP 503");
            assertThat(after.refreshedMillis()).isEqualTo(T0 + 9);
            assertThat(after.indicators()).isEqualTo(120);
            assertThat(after.fetched()).isTrue();
            // removed by its URL as well as by its path
            assertThat(s.removeFeed("https://feeds.example/blocklist.txt")).isTrue();
            assertThat(s.removeFeed("/var/feeds/a.txt")).isTrue();
            assertThat(s.feeds()).isEmpty();
        }
    }
}
