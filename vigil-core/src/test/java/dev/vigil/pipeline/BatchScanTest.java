package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.SourceStats;
import dev.vigil.ingest.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchScanTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();

    /** Two clients trying SQL injection within the same hour, one of them twice; one plain visit. */
    private static Source log() {
        String lines = """
                203.0.113.5 - - [01/Dec/2026:10:00:00 +0000] "GET /item?id=1%27%20or%20%271%27=%271 HTTP/1.1" 200 10 "-" "curl/8"
                203.0.113.5 - - [01/Dec/2026:10:05:00 +0000] "GET /item?id=2%20union%20select%20user,password%20from%20users-- HTTP/1.1" 200 10 "-" "curl/8"
                198.51.100.7 - - [01/Dec/2026:10:06:00 +0000] "GET /item?id=3%27%20or%201=1-- HTTP/1.1" 200 10 "-" "curl/8"
                192.0.2.1 - - [01/Dec/2026:10:07:00 +0000] "GET /index.html HTTP/1.1" 200 10 "-" "Mozilla/5.0"
                """;
        return Source.of("access.log", lines.getBytes(StandardCharsets.UTF_8));
    }

    private static Engine engine() {
        return Engine.builder().threads(1).defaultDetectors(CATALOGUE).build();
    }

    @Test
    void groupsDetectionsIntoAlertsAndHandsEachDetectionToTheListener() throws Exception {
        List<Detection> heard = new ArrayList<>();
        List<SourceStats> done = new ArrayList<>();
        BatchScan.Result r = BatchScan.builder(engine()).build().run(List.of(log()), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                heard.add(d);
            }

            @Override
            public void onSourceDone(SourceStats stats) {
                done.add(stats);
            }
        });
        assertThat(r.summary().lines()).isEqualTo(4);
        assertThat(done).hasSize(1);
        Map<String, Alert> sqli = new LinkedHashMap<>();
        r.alerts().stream().filter(a -> a.type().name().equals("SqlInjectionAttempt"))
                .forEach(a -> sqli.put(a.entities().get("ip"), a));
        // grouped per client within the hour: the first client's two requests are one alert
        assertThat(sqli).containsOnlyKeys("203.0.113.5", "198.51.100.7");
        Alert first = sqli.get("203.0.113.5");
        assertThat(first.lastSeen() - first.firstSeen()).isEqualTo(5 * 60_000L);
        long grouped = r.alerts().stream().mapToLong(Alert::count).sum();
        assertThat(grouped).as("every detection heard is counted in one alert").isEqualTo(heard.size());
        assertThat(r.folded()).isZero();
    }

    @Test
    void eachRunGroupsAfreshAndTheEnricherSeesEveryAlert() throws Exception {
        List<String> enriched = new ArrayList<>();
        BatchScan scan = BatchScan.builder(engine())
                .aggregators(() -> new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 10))
                .enricher(a -> {
                    enriched.add(a.id());
                    return a;
                })
                .build();
        List<Alert> first = scan.run(List.of(log())).alerts();
        List<Alert> second = scan.run(List.of(log())).alerts();
        assertThat(first).isNotEmpty();
        assertThat(second).extracting(Alert::id, Alert::count)
                .containsExactlyElementsOf(first.stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.id(), a.count())).toList());
        assertThat(enriched).hasSize(first.size() + second.size());
    }

    @Test
    void aListenerThatThrowsEndsTheRun() {
        class Gone extends RuntimeException {
        }
        BatchScan scan = BatchScan.builder(engine()).build();
        assertThatThrownBy(() -> scan.run(List.of(log()), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                throw new Gone();
            }
        })).isInstanceOf(Gone.class);
    }
}
