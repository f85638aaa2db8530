package dev.vigil.ingest.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.DnsQuery;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.ingest.GoldenFiles;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DnsFormatsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void bindGolden() {
        GoldenFiles.check(new BindQueryFormat(CLOCK), "bind-query", "queries");
    }

    @Test
    void dnsmasqGolden() {
        GoldenFiles.check(new DnsmasqFormat(CLOCK), "dnsmasq", "dnsmasq");
    }

    @Test
    void jsonGolden() {
        GoldenFiles.check(DnsJsonFormat.INSTANCE, "dns-json", "queries");
    }

    @Test
    void theBriefsBindLineReadsAsDocumented() {
        DnsQuery q = (DnsQuery) BindQueryFormat.INSTANCE.parse(Line.of("t", 1, "28-Nov-2026 10:00:00.500 client @0x55d1 "
                + "192.0.2.1#53211 (example.com): query: example.com IN A +E(0)K (192.0.2.53)"), r -> {
                    throw new AssertionError(r);
                });
        assertThat(q.clientIp()).isEqualTo("192.0.2.1");
        assertThat(q.queryName()).isEqualTo("example.com");
        assertThat(q.queryType()).isEqualTo("A");
        assertThat(q.host()).isEqualTo("192.0.2.53");
        assertThat(q.timeMillis()).isEqualTo(Instant.parse("2026-11-28T10:00:00.500Z").toEpochMilli());
    }

    @Test
    void syslogYearsComeFromTheClockAndStepBackOverNewYear() {
        Clock january = Clock.fixed(Instant.parse("2027-01-02T00:00:00Z"), ZoneOffset.UTC);
        DnsQuery dec = (DnsQuery) new DnsmasqFormat(january).parse(
                Line.of("t", 1, "Dec 31 23:59:59 dnsmasq[1]: query[A] a.example from 192.0.2.1"), LineParser.Rejects.IGNORE);
        DnsQuery jan = (DnsQuery) new DnsmasqFormat(january).parse(
                Line.of("t", 1, "Jan  1 00:00:01 dnsmasq[1]: query[A] a.example from 192.0.2.1"), LineParser.Rejects.IGNORE);
        assertThat(dec.time()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(jan.time()).isEqualTo(Instant.parse("2027-01-01T00:00:01Z"));
    }

    @Test
    void eachFormatIsSniffedFromItsOwnLinesAndNamedInTheRegistry() {
        assertSniffed("bind-query", "28-Nov-2026 10:00:00.123 queries: info: client @0x7f 192.0.2.1#53211 (a.example): "
                + "query: a.example IN A + (192.0.2.53)\n");
        assertSniffed("dnsmasq", "Nov 28 10:00:00 dnsmasq[1234]: query[A] a.example from 192.0.2.1\n"
                + "Nov 28 10:00:00 dnsmasq[1234]: forwarded a.example to 1.1.1.1\n");
        assertSniffed("dns-json", "{\"time\":\"2026-11-28T10:00:00Z\",\"client\":\"192.0.2.1\",\"query\":\"a.example\","
                + "\"type\":\"A\",\"rcode\":\"NOERROR\"}\n");
        for (String n : new String[] {"bind-query", "dnsmasq", "dns-json"}) {
            assertThat(Formats.forName(n)).get().extracting(LineFormat::name).isEqualTo(n);
            assertThat(Formats.NAMES).contains(n);
        }
    }

    @Test
    void otherJsonLogsAreNotTakenForDnsLogs() {
        String appService = "{\"TimeGenerated\":\"2026-11-16T10:00:00Z\",\"CsMethod\":\"GET\",\"CsUriStem\":\"/\","
                + "\"CIp\":\"192.0.2.1\",\"ScStatus\":200,\"CsHost\":\"a.example\"}\n";
        byte[] b = appService.getBytes(StandardCharsets.UTF_8);
        assertThat(Formats.sniff(b, b.length)).get().extracting(LineFormat::name).isEqualTo("appservice-json");
    }

    static void assertSniffed(String name, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Formats.sniff(b, b.length)).as(text).get().extracting(LineFormat::name).isEqualTo(name);
    }

    @Test
    void zoneFilesAreNamedAsSuchWhenSniffingFails() {
        byte[] zone = "; zone\n$ORIGIN example.com.\n@ IN SOA ns1 host 1 2 3 4 5\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Formats.sniff(zone, zone.length)).isEmpty();
        assertThat(Formats.knownNonLog(zone, zone.length)).contains("DNS zone file").contains("vigil dns check");
        byte[] list = "203.0.113.45\nsupportxmr.example\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Formats.sniff(list, list.length)).isEmpty();
        assertThat(Formats.knownNonLog(list, list.length)).isNull();
    }
}
