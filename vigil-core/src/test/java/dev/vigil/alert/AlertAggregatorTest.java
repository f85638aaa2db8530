package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertAggregatorTest {
    static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
    static final AlertType SQLI = AlertCatalogue.builtIn().get("SqlInjectionAttempt");

    private static Detection sqli(long line, String ip, long at, Severity severity) {
        HttpRequest r = HttpRequest.builder(new Origin("flood.log", line, 0)).timeMillis(at).clientIp(ip)
                .method("GET").target("/?id=1'+or+1=1--").status(200).host("shop.example").build();
        return new Detection("http.sqli.tokenizer", SQLI, severity, r, "query.id", "1' or 1=1--", null);
    }

    private static String ipv6(long i) {
        return String.format("2001:db8:%x:%x::1", (i >>> 16) & 0xffff, i & 0xffff);
    }

    @Test
    void aFloodOfDistinctAddressesIsFoldedIntoOneStormAlertAndMemoryStaysBounded() {
        AlertAggregator agg = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 1_000);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            // every 1000th request is more severe: those must be the ones kept whole
            agg.add(sqli(i + 1, ipv6(i), T0 + i, i % 1000 == 0 ? Severity.HIGH : Severity.MEDIUM));
            assertThat(agg.size()).isLessThanOrEqualTo(1_000);
        }
        List<Alert> alerts = agg.alerts();
        assertThat(agg.folded()).isEqualTo(n - 1_000);
        assertThat(agg.foldedByType()).containsEntry("SqlInjectionAttempt", (long) n - 1_000);
        Alert storm = alerts.stream().filter(a -> a.entities().containsKey(AlertAggregator.STORM_ENTITY))
                .findFirst().orElseThrow();
        assertThat(storm.count()).isEqualTo(n - 1_000);
        assertThat(storm.entities().get(AlertAggregator.STORM_ENTITY))
                .startsWith((n - 1_000) + " alerts folded").contains("at least 10000 client addresses", "1 resources");
        assertThat(storm.entities()).containsEntry("host", "shop.example");
        assertThat(storm.evidence()).hasSize(5);
        // the most severe stay whole, and the most recent: once the 1,000 High ones fill the bound,
        // each later Medium one makes room by folding the oldest High one (the first, at T0)
        List<Alert> whole = alerts.stream().filter(a -> !a.entities().containsKey(AlertAggregator.STORM_ENTITY)).toList();
        assertThat(whole).hasSize(1_000);
        assertThat(whole).filteredOn(a -> a.severity() == Severity.HIGH).hasSize(999);
        assertThat(whole).filteredOn(a -> a.severity() == Severity.MEDIUM).singleElement()
                .satisfies(a -> assertThat(a.firstSeen()).isEqualTo(T0 + n - 1));
        assertThat(storm.firstSeen()).isEqualTo(T0);
        assertThat(storm.severity()).isEqualTo(Severity.HIGH);
        // the count of detections is kept over all
        assertThat(alerts.stream().mapToLong(Alert::count).sum()).isEqualTo(n);
    }

    @Test
    void recentlyUpdatedAlertsOfTheSameSeverityStay() {
        AlertAggregator agg = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 5, 3);
        agg.add(sqli(1, "192.0.2.1", T0, Severity.MEDIUM));
        agg.add(sqli(2, "192.0.2.2", T0, Severity.MEDIUM));
        agg.add(sqli(3, "192.0.2.3", T0, Severity.MEDIUM));
        agg.add(sqli(4, "192.0.2.1", T0 + 1, Severity.MEDIUM)); // .1 updated: .2 is now the oldest
        agg.add(sqli(5, "192.0.2.4", T0 + 2, Severity.MEDIUM));
        assertThat(agg.alerts()).filteredOn(a -> !a.entities().containsKey(AlertAggregator.STORM_ENTITY))
                .extracting(a -> a.entities().get("ip")).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.3", "192.0.2.4");
        assertThat(agg.folded()).isEqualTo(1);
    }

    @Test
    void closedWindowsAreTakenOutAndAreTheSameAlertsAsAtTheEnd() {
        AlertAggregator whole = new AlertAggregator();
        AlertAggregator streaming = new AlertAggregator();
        List<Alert> emitted = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long at = T0 + i * 3_000L; // about 8 hours
            Detection d = sqli(i + 1, "192.0.2." + (i % 7), at, Severity.MEDIUM);
            whole.add(d);
            streaming.add(d);
            emitted.addAll(streaming.closedBefore(at));
        }
        assertThat(emitted).hasSizeGreaterThan(7 * 6);
        emitted.addAll(streaming.alerts());
        assertThat(emitted).containsExactlyInAnyOrderElementsOf(whole.alerts());
        assertThat(streaming.size()).isLessThanOrEqualTo(7);
    }
}
