package dev.vigil.detect.intel;

import static dev.vigil.detect.intel.ThreatIntelDetectorTest.O;
import static dev.vigil.detect.intel.ThreatIntelDetectorTest.detector;
import static dev.vigil.detect.intel.ThreatIntelDetectorTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertAggregator;
import dev.vigil.alert.AlertEntities;
import dev.vigil.catalogue.Severity;
import dev.vigil.event.DnsQuery;
import dev.vigil.event.FtpLogin;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DNS-query and FTP-login cases of {@link ThreatIntelDetector}. */
class ThreatIntelSourcesTest {

    static DnsQuery query(String name) {
        return new DnsQuery(O, 1_000L, "192.0.2.10", name, "A", null, "ns1", Map.of());
    }

    static FtpLogin login(String ip, boolean ok) {
        return new FtpLogin(O, 1_000L, ip, "alice", ok, "ftp1", Map.of());
    }

    @Test
    void queriesForListedDomainsAndTheirSubdomainsAreRaised() throws Exception {
        ThreatIntelDetector d = detector();
        assertThat(run(d, query("pool.evil-mining.example"))).singleElement().satisfies(x -> {
            assertThat(x.type().name()).isEqualTo("ThreatIntelDnsQuery");
            assertThat(x.ruleId()).isEqualTo(ThreatIntelDetector.DNS_QUERY_RULE);
            assertThat(x.field()).isEqualTo("query");
            assertThat(x.decoded()).startsWith("pool.evil-mining.example: listed in feed.txt");
        });
        // the event lower-cases and drops the root dot, so the feed matches as logged
        assertThat(run(d, query("EU.Pool.Evil-Mining.example."))).singleElement()
                .satisfies(x -> assertThat(x.value()).isEqualTo("eu.pool.evil-mining.example"));
        assertThat(run(d, query("evil-mining.example"))).isEmpty(); // the parent is not listed
        assertThat(run(d, query("example.org"))).isEmpty();
        assertThat(run(d, query("."))).isEmpty();
    }

    @Test
    void ftpLoginsFromListedAddressesAreClientIpAlertsSayingWhetherTheyGotIn() throws Exception {
        ThreatIntelDetector d = detector();
        assertThat(run(d, login("203.0.113.45", true))).singleElement().satisfies(x -> {
            assertThat(x.type().name()).isEqualTo("ThreatIntelClientIp");
            assertThat(x.ruleId()).isEqualTo(ThreatIntelDetector.FTP_CLIENT_IP_RULE);
            assertThat(x.field()).isEqualTo("ftp_client_ip");
            assertThat(x.value()).isEqualTo("203.0.113.45");
            assertThat(x.decoded()).startsWith("logged in as alice").contains("203.0.113.0/24");
            assertThat(x.severity()).isEqualTo(Severity.HIGH); // it got in
        });
        assertThat(run(d, login("203.0.113.46", false))).singleElement().satisfies(x -> {
            assertThat(x.decoded()).startsWith("failed login as alice");
            assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
        });
        assertThat(run(d, login("198.51.100.9", true))).isEmpty();
        assertThat(run(d, new FtpLogin(O, 1_000L, null, "x", false, null, null))).isEmpty();
    }

    @Test
    void alertsNameTheClientTheServerAndTheQueryOrAccount() throws Exception {
        ThreatIntelDetector d = detector();
        AlertAggregator agg = new AlertAggregator();
        run(d, query("pool.evil-mining.example")).forEach(agg::add);
        run(d, login("203.0.113.45", true)).forEach(agg::add);
        assertThat(agg.alerts()).hasSize(2);
        assertThat(agg.alerts()).anySatisfy(a -> assertThat(a.entities()).containsEntry(AlertEntities.IP, "192.0.2.10")
                .containsEntry(AlertEntities.HOST, "ns1").containsEntry(AlertEntities.DNS, "pool.evil-mining.example"));
        assertThat(agg.alerts()).anySatisfy(a -> assertThat(a.entities()).containsEntry(AlertEntities.IP, "203.0.113.45")
                .containsEntry(AlertEntities.HOST, "ftp1").containsEntry(AlertEntities.ACCOUNT, "alice"));
    }
}
