package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.ingest.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile input through the whole reader: what a crafted file must not make Vigil lose or hide. */
class HostileInputEngineTest {

    static List<Detection> found = new ArrayList<>();

    static ScanSummary scan(Engine engine, Source... sources) throws InterruptedException {
        found = new ArrayList<>();
        return engine.scan(List.of(sources), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                found.add(d);
            }
        });
    }

    static Engine engine() {
        return Engine.builder().threads(2).defaultDetectors(AlertCatalogue.builtIn()).build();
    }

    @Test
    void aW3cHeaderNamingAFieldTwiceIsAWarningWithFileAndLine() throws Exception {
        String log = "#Software: Microsoft Internet Information Services 10.0\n"
                + "#Fields: date time c-ip cs-method cs-uri-stem sc-status c-ip\n"
                + "2026-11-28 10:00:00 192.0.2.1 GET /This_Will_Generate_Vigil_Alert 404 198.51.100.9\n";
        ScanSummary s = scan(engine(), Source.of("dup.log", log.getBytes(StandardCharsets.UTF_8)));
        SourceStats st = s.sources().get(0);
        assertThat(st.format()).isEqualTo("w3c");
        assertThat(st.warnings()).isEqualTo(1);
        assertThat(st.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.WARNING);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).contains("c-ip more than once");
        });
        assertThat(found).singleElement().satisfies(d -> assertThat(((dev.vigil.event.HttpRequest) d.event()).clientIp()).isEqualTo("192.0.2.1"));
    }
}
