package dev.vigil.ti.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ti.Indicator;
import dev.vigil.ti.IndicatorKind;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoadersTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final LoadOptions OPTS = LoadOptions.at(NOW);

    static Path fixture(String name) {
        try {
            return Paths.get(LoadersTest.class.getResource("/ti/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> values(LoadResult r) {
        return r.indicators().stream().map(i -> i.kind() + " " + i.value()).collect(Collectors.toList());
    }

    private static List<String> locations(LoadResult r) {
        return r.problems().stream().map(p -> p.location().substring(p.location().lastIndexOf(':') + 1))
                .collect(Collectors.toList());
    }

    @Test
    void plainListMixedKindsCommentsAndHostsFileLines() {
        LoadResult r = IndicatorLoaders.standard().load(fixture("blocklist.txt"), OPTS);
        assertThat(r.format()).isEqualTo("list");
        assertThat(values(r)).containsExactly(
                "IPV4 203.0.113.7",
                "CIDR 198.51.100.0/24",
                "CIDR 2001:db8:abcd::/48",
                "DOMAIN evil.example.com",
                "DOMAIN wild.example.org",
                "URL http://malware.example.net/payload.sh",
                "DOMAIN ads.example.io",
                "DOMAIN tracker.example.io",
                "MD5 d41d8cd98f00b204e9800998ecf8427e");
        assertThat(r.bad()).isEqualTo(3);
        assertThat(locations(r)).containsExactly("11", "12", "13");
        assertThat(r.problems().get(0).location()).endsWith("blocklist.txt:11");
        assertThat(r.problems().get(2).reason()).contains("not an IP address or network");
        assertThat(r.indicators()).allSatisfy(i -> assertThat(i.feed()).isEqualTo("blocklist.txt"));
        assertThat(r.indicators().get(1).description()).isEqualTo("");
    }

    @Test
    void csvWithHeaderTypesConfidenceExpiryAndBadRows() {
        LoadResult r = IndicatorLoaders.standard().load(fixture("indicators.csv"), OPTS.withFeed("acme"));
        assertThat(r.format()).isEqualTo("csv");
        assertThat(values(r)).containsExactly(
                "IPV4 198.51.100.23",
                "DOMAIN evil-cdn.example.net",
                "URL http://bad.example.com/x.php?id=1",
                "SHA256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Indicator first = r.indicators().get(0);
        assertThat(first.confidence()).isEqualTo(80);
        assertThat(first.labels()).containsExactly("scanner", "bruteforce");
        assertThat(first.validFrom()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(first.feed()).isEqualTo("acme");
        assertThat(r.indicators().get(2).confidence()).isEqualTo(85);
        assertThat(r.indicators().get(2).description()).isEqualTo("kit, with comma");
        assertThat(r.expired()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.bad()).isEqualTo(3);
        assertThat(locations(r)).containsExactly("9", "10", "11");
        assertThat(r.problems().get(1).reason()).contains("confidence");
        assertThat(r.problems().get(2).reason()).contains("timestamp");
    }

    @Test
    void csvHeaderInsideLeadingCommentAsInAbuseChDumps() {
        LoadResult r = IndicatorLoaders.standard().load(fixture("urlhaus-style.csv"), OPTS);
        assertThat(values(r)).containsExactly("URL http://203.0.113.50/bins/mips", "URL https://drop.example.org/a.exe");
        assertThat(r.indicators().get(0).labels()).containsExactly("malware_download", "elf", "mirai");
        assertThat(r.indicators().get(0).validFrom()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(locations(r)).containsExactly("8");
    }

    @Test
    void stixBundleIndicatorsPatternsValidityAndProblemsByJsonPath() {
        LoadResult r = IndicatorLoaders.standard().load(fixture("bundle.json"), OPTS);
        assertThat(r.format()).isEqualTo("stix");
        assertThat(values(r)).containsExactly(
                "IPV4 198.51.100.1",
                "CIDR 203.0.113.0/24",
                "IPV6 2001:db8:dead:beef::1",
                "DOMAIN phish.example.com",
                "SHA256 aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f",
                "MD5 44d88612fea8a8f36de82e1278abb02f",
                "URL http://dl.example.net/x.sh");
        Indicator c2 = r.indicators().get(0);
        assertThat(c2.confidence()).isEqualTo(85);
        assertThat(c2.labels()).containsExactly("c2", "malicious-activity");
        assertThat(c2.description()).isEqualTo("C2 servers");
        assertThat(r.indicators().get(4).validUntil()).isEqualTo(Instant.parse("2999-01-01T00:00:00Z"));
        assertThat(r.expired()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.bad()).isEqualTo(3);
        assertThat(locations(r)).containsExactly("$.objects[4].pattern", "$.objects[5].pattern", "$.objects[8].pattern");
        assertThat(r.problems().get(0).reason()).contains("AND is not supported");
        assertThat(r.problems().get(2).reason()).contains("email-addr:value");
    }

    @Test
    void mispEventAttributesObjectsFlagsAndTypes() {
        LoadResult r = IndicatorLoaders.standard().load(fixture("misp-event.json"), OPTS);
        assertThat(r.format()).isEqualTo("misp");
        assertThat(values(r)).containsExactly(
                "IPV4 203.0.113.80",
                "IPV4 198.51.100.9",
                "DOMAIN pool.miner.example",
                "HOSTNAME c2.host.example",
                "URL http://dl.miner.example/xmrig",
                "MD5 44d88612fea8a8f36de82e1278abb02f",
                "DOMAIN obj.example.org",
                "IPV6 2001:db8::dead",
                "DOMAIN both.example.org",
                "IPV4 203.0.113.81",
                "SHA1 3395856ce81f2b7382dee72602f798b642f14140");
        Indicator pool = r.indicators().get(2);
        assertThat(pool.description()).isEqualTo("stratum pool");
        assertThat(pool.labels()).contains("tlp:white", "Network activity");
        assertThat(r.indicators().get(0).description()).isEqualTo("Miner campaign");
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.bad()).isEqualTo(4);
        assertThat(locations(r)).containsExactly("$.Event.Attribute[9]", "$.Event.Attribute[10]",
                "$.Event.Attribute[11]", "$.Event.Object[1].Attribute[1]");
    }

    @Test
    void sniffingPicksTheFormatFromNameAndContent() {
        IndicatorLoaders reg = IndicatorLoaders.standard();
        assertThat(reg.sniff("feed.json", "{\"type\": \"bundle\", \"objects\": [{\"type\": \"indicator\", \"pattern\": ")
                .format()).isEqualTo("stix");
        assertThat(reg.sniff("event.json", "{\"Event\": {\"Attribute\": []}}").format()).isEqualTo("misp");
        assertThat(reg.sniff("feed.txt", "# c\nindicator;type\n1.2.3.4;ip\n").format()).isEqualTo("csv");
        assertThat(reg.sniff("x.csv", "whatever").format()).isEqualTo("csv");
        assertThat(reg.sniff("ips.txt", "1.2.3.4\n5.6.7.8\n").format()).isEqualTo("list");
    }

    @Test
    void brokenOrMissingFilesAreReportedNotThrown() {
        LoadResult missing = IndicatorLoaders.standard().load(Paths.get("/nonexistent/feed.txt"), OPTS);
        assertThat(missing.bad()).isEqualTo(1);
        assertThat(missing.problems().get(0).reason()).startsWith("cannot read");
        LoadResult notJson = new StixLoader().load(new java.io.StringReader("{\"type\": \"bundle\", \"objects\": [ {"),
                "cut.json", OPTS);
        assertThat(notJson.indicators()).isEmpty();
        assertThat(notJson.problems().get(0).reason()).startsWith("not valid JSON");
        LoadResult unknown = IndicatorLoaders.standard().load(fixture("blocklist.txt"), "yaml", OPTS);
        assertThat(unknown.problems().get(0).reason()).contains("unknown feed format");
    }

    @Test
    void problemsAreCappedButAllCounted() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 50; k++) {
            sb.append("bad value ").append(k).append("!\n");
        }
        LoadResult r = new PlainListLoader().load(new java.io.StringReader(sb.toString()), "x.txt",
                new LoadOptions(null, NOW, 50, 5));
        assertThat(r.bad()).isEqualTo(50);
        assertThat(r.problems()).hasSize(5);
    }

    @Test
    void notYetValidIsCountedSeparately() {
        LoadResult r = new CsvLoader().load(new java.io.StringReader(
                "value,valid_from\n1.2.3.4,2030-01-01\n5.6.7.8,\n"), "f.csv", OPTS);
        assertThat(r.notYetValid()).isEqualTo(1);
        assertThat(r.indicators()).extracting(Indicator::value).containsExactly("5.6.7.8");
        assertThat(r.indicators().get(0).kind()).isEqualTo(IndicatorKind.IPV4);
    }
}
