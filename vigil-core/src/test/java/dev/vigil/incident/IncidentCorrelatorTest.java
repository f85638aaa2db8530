package dev.vigil.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentCorrelatorTest {
    static final AlertCatalogue C = AlertCatalogue.builtIn();
    static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

    static Alert alert(String id, String type, String ip, String host, long atMinutes) {
        Map<String, String> e = new LinkedHashMap<>();
        if (ip != null) {
            e.put("ip", ip);
        }
        if (host != null) {
            e.put("host", host);
        }
        var t = C.get(type);
        long at = T0 + atMinutes * 60_000;
        return new Alert(id, t, t.severity(), e, at, at + 30_000, 1, List.of("r"), List.of());
    }

    @Test
    void scanThenShellThenMinerBecomesOneConfirmedIncidentInKillChainOrder() {
        List<Alert> alerts = List.of(
                alert("a3", "CryptoMining", null, "web1", 12),
                alert("a1", "ScannerDetected", "203.0.113.9", "web1", 0),
                alert("a2", "WebShellRequest", "203.0.113.9", "web1", 10),
                alert("a4", "WebShellActivity", null, "web1", 11),
                alert("t", "TestAlert", "198.51.100.1", "web1", 5));
        List<Incident> incidents = new IncidentCorrelator().correlate(alerts);
        assertThat(incidents).hasSize(1);
        Incident i = incidents.get(0);
        assertThat(i.outcome()).isEqualTo(Incident.Outcome.CONFIRMED);
        assertThat(i.severity()).isEqualTo(Severity.HIGH);
        assertThat(i.alerts()).extracting(a -> a.type().name())
                .containsExactly("ScannerDetected", "WebShellActivity", "WebShellRequest", "CryptoMining");
        assertThat(i.ips()).containsExactly("203.0.113.9");
        assertThat(i.narrative()).contains("Outcome: confirmed");
        assertThat(i.id()).startsWith("inc-");
    }

    @Test
    void unrelatedAttackersOnOneSiteStayApartAndAttemptsAreNotRaised() {
        List<Alert> alerts = List.of(
                alert("a1", "SqlInjectionAttempt", "203.0.113.1", "web1", 0),
                alert("a2", "SqlInjectionAttempt", "203.0.113.2", "web1", 1),
                alert("a3", "CrossSiteScriptingAttempt", "203.0.113.1", "web1", 2));
        List<Incident> incidents = new IncidentCorrelator().correlate(alerts);
        assertThat(incidents).hasSize(2);
        assertThat(incidents).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(Incident.Outcome.ATTEMPTED));
        assertThat(incidents).anySatisfy(i -> assertThat(i.alerts()).hasSize(2));
        assertThat(incidents).allSatisfy(i -> assertThat(i.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void aProcessLongAfterTheRequestIsNotLinked() {
        List<Alert> alerts = List.of(
                alert("a1", "CommandInjectionAttempt", "203.0.113.1", "web1", 0),
                alert("a2", "WebShellActivity", null, "web1", 120));
        List<Incident> incidents = new IncidentCorrelator().correlate(alerts);
        assertThat(incidents).hasSize(2);
        assertThat(incidents).noneSatisfy(i -> assertThat(i.outcome()).isEqualTo(Incident.Outcome.CONFIRMED));
    }

    @Test
    void idsAreDeterministic() {
        List<Alert> alerts = List.of(alert("a1", "SqlInjectionAttempt", "203.0.113.1", "web1", 0),
                alert("a2", "PathTraversalAttempt", "203.0.113.1", "web1", 3));
        assertThat(new IncidentCorrelator().correlate(alerts).get(0).id())
                .isEqualTo(new IncidentCorrelator().correlate(List.of(alerts.get(1), alerts.get(0))).get(0).id());
    }

    @Test
    void linkedIsExactlyTheEdgesOfTheGrouping() {
        // every pair the correlator joins directly is linked, and two alerts that are linked
        // always end in one incident
        List<Alert> alerts = List.of(
                alert("a1", "ScannerDetected", "203.0.113.9", "web1", 0),
                alert("a2", "WebShellRequest", "198.51.100.2", "web1", 10),
                alert("a3", "WebShellActivity", null, "web1", 11),
                alert("a4", "CryptoMining", null, "web1", 200),
                alert("a5", "CryptoMining", null, "web1", 230),
                alert("a6", "ScannerDetected", "203.0.113.9", "web2", 0),
                alert("t", "TestAlert", "203.0.113.9", "web1", 5));
        IncidentCorrelator c = new IncidentCorrelator();
        assertThat(c.linked(alerts.get(0), alerts.get(5))).isTrue();   // same address
        assertThat(c.linked(alerts.get(1), alerts.get(2))).isTrue();   // web shell, then a process it starts
        assertThat(c.linked(alerts.get(2), alerts.get(1))).isTrue();   // symmetric
        assertThat(c.linked(alerts.get(3), alerts.get(4))).isTrue();   // runtime alerts within the hour
        assertThat(c.linked(alerts.get(2), alerts.get(3))).isFalse();  // three hours apart
        assertThat(c.linked(alerts.get(0), alerts.get(1))).isFalse();  // a scanner starts no process
        assertThat(c.linked(alerts.get(0), alerts.get(6))).isFalse();  // test alerts join nothing
        assertThat(c.linksOnHost(alerts.get(0))).isFalse();
        assertThat(c.linksOnHost(alerts.get(1))).isTrue();
        List<Incident> incidents = c.correlate(alerts);
        for (Alert a : alerts) {
            for (Alert b : alerts) {
                if (c.linked(a, b)) {
                    assertThat(incidents).anySatisfy(i -> assertThat(i.alerts()).contains(a, b));
                }
            }
        }
        assertThat(incidents).hasSize(3);
    }
}
