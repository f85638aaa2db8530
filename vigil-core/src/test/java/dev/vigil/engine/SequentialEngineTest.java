package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.AlertCatalogue;
import dev.vigil.detect.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.SequentialDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.Source;
import dev.vigil.state.InMemoryKeyedState;
import dev.vigil.state.KeyedState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SequentialEngineTest {
    private static final AlertType PROBE = AlertCatalogue.builtIn().get("ProbingBurst");

    /** Fires on every third request from one IP, and once more at the end for any remainder. */
    static final class EveryThird implements SequentialDetector {
        final KeyedState<int[]> counts = new InMemoryKeyedState<>(1000);
        final Map<String, Event> lastSeen = new HashMap<>();

        @Override
        public String id() {
            return "test.every-third";
        }

        @Override
        public void inspect(Event event, Consumer<Detection> out) {
            HttpRequest r = (HttpRequest) event;
            int[] c = counts.computeIfAbsent(r.clientIp(), k -> new int[1]);
            lastSeen.put(r.clientIp(), event);
            if (++c[0] % 3 == 0) {
                out.accept(new Detection(id(), PROBE, PROBE.severity(), event, "client_ip", r.clientIp(), null));
            }
        }

        @Override
        public void finish(Consumer<Detection> out) {
            lastSeen.forEach((ip, e) -> {
                if (counts.get(ip)[0] % 3 != 0) {
                    out.accept(new Detection("test.remainder", PROBE, PROBE.severity(), e, "client_ip", ip, null));
                }
            });
        }
    }

    @Test
    void sequentialDetectorsSeeEveryEventInOrderAcrossChunks() throws Exception {
        StringBuilder b = new StringBuilder();
        int n = 40_000;
        for (int i = 1; i <= n; i++) {
            String path = i % 1000 == 0 ? "/This_Will_Generate_Vigil_Alert" : "/p" + i;
            b.append(String.format("203.0.113.%d - - [28/Nov/2026:10:00:00 +0000] \"GET %s HTTP/1.1\" 404 5 \"-\" \"ua\"%n",
                    i % 7, path));
        }
        Engine engine = Engine.builder().threads(2).defaultDetectors(AlertCatalogue.builtIn())
                .detector(new EveryThird()).build();
        java.util.List<Detection> seen = new java.util.ArrayList<>();
        ScanSummary s = engine.scan(java.util.List.of(Source.of("s.log", b.toString().getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {
                    @Override
                    public void onDetection(Detection d) {
                        seen.add(d);
                    }
                });
        long third = seen.stream().filter(d -> d.ruleId().equals("test.every-third")).count();
        long tests = seen.stream().filter(d -> d.ruleId().equals("http.test-alert")).count();
        long remainders = seen.stream().filter(d -> d.ruleId().equals("test.remainder")).count();
        // 40,000 requests over 7 IPs: each IP sees 5,714 or 5,715, so 1,904 or 1,905 thirds each
        long expectedThirds = 0;
        for (int ip = 0; ip < 7; ip++) {
            long count = (n - ip) / 7 + (ip == 0 ? 0 : 1);
            expectedThirds += count / 3;
        }
        assertThat(third).isEqualTo(expectedThirds);
        assertThat(tests).isEqualTo(40);
        assertThat(remainders).isBetween(1L, 7L);
        assertThat(s.detections()).isEqualTo(seen.size());
        // everything but the final remainders comes in line order
        java.util.List<Long> lines = seen.subList(0, seen.size() - (int) remainders).stream()
                .map(d -> d.origin().line()).toList();
        assertThat(lines).isSorted();
    }

    /** Joins "A id=x ..." and "B id=x ..." lines into one process start, in any order. */
    static final class PairFormat implements LineFormat {
        @Override
        public String name() {
            return "pairs";
        }

        @Override
        public LineParser newParser() {
            return (line, rejects) -> null;
        }

        @Override
        public RecordAssembler newAssembler() {
            return new RecordAssembler() {
                final Map<String, Line> pending = new HashMap<>();
                final Map<String, String> text = new HashMap<>();

                @Override
                public void accept(Line line, LineParser.Rejects rejects, Consumer<Event> out) {
                    String t = line.text();
                    String[] parts = t.split(" ", 3);
                    if (parts.length < 3) {
                        rejects.reject("expected 'A|B id=x text'");
                        return;
                    }
                    String key = parts[1];
                    if (text.containsKey(key)) {
                        out.accept(ProcessStart.builder(line.origin()).commandLine(text.remove(key) + " " + parts[2]).build());
                    } else {
                        text.put(key, parts[2]);
                    }
                }

                @Override
                public void finish(LineParser.Rejects rejects, Consumer<Event> out) {
                    if (!text.isEmpty()) {
                        rejects.reject(text.size() + " records without their pair");
                    }
                }
            };
        }
    }

    @Test
    void multiLineFormatsKeepStateAcrossChunks() throws Exception {
        StringBuilder b = new StringBuilder();
        int pairs = 30_000;
        for (int i = 0; i < pairs; i++) {
            // the halves of pair i are far apart: A of i, then B of i-500
            b.append("A id=").append(i).append(" first-half-").append("x".repeat(30)).append('\n');
            if (i >= 500) {
                b.append("B id=").append(i - 500).append(" second-half\n");
            }
        }
        b.append("B id=lonely no-partner\n");
        Engine engine = Engine.builder().format(new PairFormat()).threads(2).build();
        ScanSummary s = engine.scan(java.util.List.of(Source.of("pairs.log", b.toString().getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {});
        SourceStats st = s.sources().get(0);
        assertThat(st.events()).isEqualTo(pairs - 500);
        assertThat(st.rejected()).isEqualTo(1); // the finish reject: 501 records without a pair
        assertThat(st.problems()).anySatisfy(p -> assertThat(p.reason()).contains("501 records without their pair"));
    }
}
