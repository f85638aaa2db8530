package dev.vigil.alert.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertEntities;
import dev.vigil.catalogue.AlertCatalogue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuppressionRuleTest {
    static Alert alert(String type, Map<String, String> entities) {
        return new Alert("a1", AlertCatalogue.builtIn().get(type), AlertCatalogue.builtIn().get(type).severity(),
                entities, 0, 0, 1, List.of("r"), List.of());
    }

    @Test
    void ipRangesMatchV4AndV6NetworksOnlyForLiterals() {
        assertThat(IpRange.parse("10.0.0.0/8").contains("10.200.3.4")).isTrue();
        assertThat(IpRange.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(IpRange.parse("192.0.2.7").contains("192.0.2.7")).isTrue();
        assertThat(IpRange.parse("192.0.2.7").contains("192.0.2.8")).isFalse();
        assertThat(IpRange.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
        assertThat(IpRange.parse("2001:db8::/32").contains("2001:db9::5")).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
        assertThat(IpRange.parse("10.0.0.0/8").contains("localhost")).isFalse();
        assertThat(IpRange.parse("10.0.0.0/8").contains("10.0.0.256")).isFalse();
        assertThat(IpRange.parse("10.0.0.0/8").contains(null)).isFalse();
        assertThatThrownBy(() -> IpRange.parse("example.com")).hasMessageContaining("example.com");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> IpRange.parse("1.2.3")).hasMessageContaining("1.2.3");
    }

    @Test
    void allConditionsAndTheTypeMustMatch() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put(AlertEntities.IP, "198.51.100.7");
        e.put(AlertEntities.HOST, "Shop.Example");
        e.put(AlertEntities.URL, "/healthz/deep");
        Alert a = alert("ScannerDetected", e);
        SuppressionRule r = new SuppressionRule("s1", "ScannerDetected", List.of(Condition.IpIn.parse(List.of("198.51.100.0/24")),
                new Condition.HostEquals("shop.example"), new Condition.UrlPrefix("/healthz")), "monitor", "", null, true, 0, "me");
        assertThat(r.matches(a)).isTrue();
        assertThat(r.matches(alert("SqlInjectionAttempt", e))).isFalse();
        e.put(AlertEntities.URL, "/login");
        assertThat(r.matches(alert("ScannerDetected", e))).isFalse();
        Map<String, String> p = Map.of(AlertEntities.PROCESS_COMMAND_LINE, "/usr/bin/NMAP -sV internal-net");
        SuppressionRule any = new SuppressionRule("s2", null, List.of(new Condition.CommandLineContains("nmap -sv")),
                "pentest", "", null, true, 0, "me");
        assertThat(any.matches(alert("ReconToolExecuted", p))).isTrue();
    }

    @Test
    void expiryAndEnabledDecideWhetherTheSuppressorUsesIt() {
        Alert a = alert("ScannerDetected", Map.of(AlertEntities.IP, "192.0.2.1"));
        SuppressionRule r = new SuppressionRule("s1", "ScannerDetected", List.of(), "x", "", 1000L, true, 0, "me");
        assertThat(new Suppressor(List.of(r), 999).match(a)).contains(r);
        assertThat(new Suppressor(List.of(r), 1000).match(a)).isEmpty();
        assertThat(new Suppressor(List.of(r.withEnabled(false)), 0).match(a)).isEmpty();
    }

    @Test
    void conditionsRoundTripThroughJson() {
        SuppressionRule r = new SuppressionRule("s1", null, List.of(Condition.IpIn.parse(List.of("10.0.0.0/8", "::1")),
                new Condition.HostEquals("h\"x"), new Condition.UrlPrefix("/a"), new Condition.CommandLineContains("c")),
                "x", "", null, true, 0, "me");
        assertThat(SuppressionRule.parseConditions(r.conditionsJson())).isEqualTo(r.conditions());
        assertThatThrownBy(() -> SuppressionRule.parseConditions("[{\"field\":\"nope\"}]")).hasMessageContaining("nope");
    }

    @Test
    void aRuleForAllTypesNeedsACondition() {
        assertThatThrownBy(() -> new SuppressionRule("s", null, List.of(), "x", "", null, true, 0, "me"))
                .hasMessageContaining("dismiss everything");
        assertThatThrownBy(() -> new SuppressionRule("s", "TestAlert", List.of(), " ", "", null, true, 0, "me"))
                .hasMessageContaining("reason");
    }
}
