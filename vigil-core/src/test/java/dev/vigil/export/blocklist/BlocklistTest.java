package dev.vigil.export.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BlocklistTest {
    private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");

    static Alert alert(String type, String ip) {
        AlertType t = AlertCatalogue.builtIn().get(type);
        return new Alert("id-" + ip, t, t.severity(), ip == null ? Map.of() : Map.of("ip", ip), 0, 0, 1, List.of("r"), List.of());
    }

    static List<Alert> alerts(String... ips) {
        List<Alert> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(alert("CommandInjectionAttempt", ip));
        }
        return out;
    }

    static String write(Blocklist.Addresses a, Blocklist.Format f, Duration ttl) throws Exception {
        StringBuilder b = new StringBuilder();
        Blocklist.write(a, f, ttl, "vigil-blocklist", NOW, "2 alerts at or above High", b);
        return b.toString();
    }

    @Test
    void addressesAreParsedDeduplicatedCanonicalAndSorted() {
        Blocklist.Addresses a = Blocklist.of(alerts("203.0.113.9", "198.51.100.7", "203.0.113.9", " 198.51.100.10",
                "2001:DB8:0:0:0:0:0:1", "::ffff:192.0.2.44", "2001:db8::1"), false);
        assertThat(a.ipv4()).containsExactly("192.0.2.44", "198.51.100.7", "198.51.100.10", "203.0.113.9");
        assertThat(a.ipv6()).containsExactly("2001:db8::1");
        assertThat(a.invalid()).isZero();
    }

    @Test
    void anAttackerControlledClientAddressNeverReachesTheFile() throws Exception {
        Blocklist.Addresses a = Blocklist.of(alerts("198.51.100.7;\ninclude /etc/passwd", "1.2.3.4 timeout 0",
                "unknown", "evil.example", "198.51.100.7\n", "fe80::1%eth0;x", "1.2.3", "256.1.1.1"), false);
        assertThat(a.invalid()).isEqualTo(7);
        String nginx = write(a, Blocklist.Format.NGINX, Duration.ofHours(24));
        // only the one whose surrounding white space was the whole difference, rewritten from its value
        assertThat(nginx.lines().filter(l -> !l.startsWith("#"))).containsExactly("deny 198.51.100.7;");
        assertThat(nginx).doesNotContain("passwd").doesNotContain("timeout");
    }

    @Test
    void nonPublicSampleAndTestAlertsAreLeftOut() {
        List<Alert> in = alerts("10.1.2.3", "127.0.0.1", "192.168.1.1", "172.20.0.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00::7", "ff02::1", "198.51.100.7");
        in.add(alert("TestAlert", "203.0.113.1"));
        Blocklist.Addresses a = Blocklist.of(in, false);
        assertThat(a.ipv4()).containsExactly("198.51.100.7");
        assertThat(a.ipv6()).isEmpty();
        assertThat(a.nonPublic()).isEqualTo(13);
        assertThat(Blocklist.of(in, true).size()).isEqualTo(14);
        assertThat(Blocklist.of(List.of(alert("ScannerDetected", null)), false).size()).isZero();
    }

    @Test
    void theThreeFormats() throws Exception {
        Blocklist.Addresses a = Blocklist.of(alerts("198.51.100.7", "2001:db8::5"), false);
        assertThat(write(a, Blocklist.Format.PLAIN, Duration.ofHours(24))).isEqualTo("""
                # Vigil blocklist: 2 client addresses of 2 alerts at or above High, generated 2026-12-04T20:00:00Z, valid until 2026-12-05T20:00:00Z
                198.51.100.7
                2001:db8::5
                """);
        assertThat(write(a, Blocklist.Format.NGINX, Duration.ofHours(24)).lines().filter(l -> !l.startsWith("#")))
                .containsExactly("deny 198.51.100.7;", "deny 2001:db8::5;");
        assertThat(write(a, Blocklist.Format.IPSET, Duration.ofHours(24))).isEqualTo("""
                create vigil-blocklist hash:ip family inet timeout 86400
                create vigil-blocklist-v6 hash:ip family inet6 timeout 86400
                add vigil-blocklist 198.51.100.7 timeout 86400
                add vigil-blocklist-v6 2001:db8::5 timeout 86400
                """);
        assertThat(write(a, Blocklist.Format.IPSET, Duration.ZERO)).doesNotContain("timeout");
        assertThatThrownBy(() -> write(a, Blocklist.Format.IPSET, Duration.ofDays(30)))
                .hasMessageContaining("2147483");
    }

    @Test
    void setNamesAndFormatsAreChecked() {
        assertThatThrownBy(() -> Blocklist.checkSetName("x y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blocklist.checkSetName("a".repeat(29))).isInstanceOf(IllegalArgumentException.class);
        Blocklist.checkSetName("web_block.v1");
        assertThat(Blocklist.Format.parse("NGINX")).isEqualTo(Blocklist.Format.NGINX);
        assertThatThrownBy(() -> Blocklist.Format.parse("iptables")).hasMessageContaining("plain, nginx or ipset");
    }

    @Property(tries = 500)
    void onlyAddressCharactersEverReachAnIpsetFile(@ForAll String ip) throws Exception {
        String out = write(Blocklist.of(alerts(ip), true), Blocklist.Format.IPSET, Duration.ofHours(1));
        assertThat(out.lines().skip(2)).allMatch(l -> l.matches("add vigil-blocklist(-v6)? [0-9a-f.:]+ timeout 3600"));
    }
}
