package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.event.Event;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.combined.CombinedFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamTest {
    @Test
    void eventsPushedOneByOneGiveWhatAScanOfTheirLinesGives() throws Exception {
        byte[] log = PartitionedEngineTest.accessLog(5, 20_000);
        Engine engine = Engine.builder().threads(2).defaultDetectors(AlertCatalogue.builtIn()).build();
        List<String> scanned = new ArrayList<>();
        engine.scan(List.of(Source.of("g.log", log)), new ScanListener() {
            @Override
            public void onDetection(dev.vigil.detect.Detection d) {
                scanned.add(d.origin().line() + " " + d.ruleId() + " " + d.decoded());
            }
        });
        assertThat(scanned).anyMatch(s -> s.contains("probing-burst"));

        List<String> streamed = new ArrayList<>();
        EventStream stream = Engine.builder().defaultDetectors(AlertCatalogue.builtIn()).build()
                .stream(d -> streamed.add(d.origin().line() + " " + d.ruleId() + " " + d.decoded()));
        LineParser parser = CombinedFormat.COMBINED.newParser();
        Line line = new Line();
        long n = 0;
        for (String text : new String(log, StandardCharsets.UTF_8).split("\n")) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            line.set(b, 0, b.length, "g.log", ++n, 0);
            Event e = parser.parse(line, reason -> { });
            if (e != null) {
                stream.accept(e);
            }
        }
        assertThat(streamed).isEqualTo(scanned);
        assertThat(stream.failures()).isEmpty();
        assertThat(stream.events()).isEqualTo(20_000);
    }
}
