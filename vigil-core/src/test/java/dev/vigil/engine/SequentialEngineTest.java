package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.LineParser;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.Source;
import dev.vigil.state.Codec;
import dev.vigil.state.KeyContext;
import dev.vigil.state.StateSpec;
import dev.vigil.state.ValueState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SequentialEngineTest {
    private static final AlertType PROBE = AlertCatalogue.builtIn().get("ProbingBurst");

    /** Fires on every third request from one IP; throws on every request for /boom. */
    static final class EveryThird implements KeyedDetector {
        static final StateSpec.Value<Long> COUNT = new StateSpec.Value<>("count", Codec.LONG);

        @Override
        public String id() {
            return "test.every-third";
        }

        @Override
        public List<StateSpec> states() {
            return List.of(COUNT);
        }

        @Override
        public int maxKeys() {
            return 1000;
        }

        @Override
        public String key(Event event) {
            return event instanceof HttpRequest r ? r.clientIp() : null;
        }

        @Override
        public void process(Event event, KeyContext ctx, Consumer<Detection> out) {
            HttpRequest r = (HttpRequest) event;
            if (r.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            ValueState<Long> count = ctx.value(COUNT);
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            if (c % 3 == 0) {
                out.accept(new Detection(id(), PROBE, PROBE.severity(), event, "client_ip", r.clientIp(), null));
            }
        }
    }

    @Test
    void keyedDetectorsSeeEveryEventInOrderAcrossChunks() throws Exception {
        StringBuilder b = new StringBuilder();
        int n = 40_000;
        for (int i = 1; i <= n; i++) {
            String path = i % 1000 == 0 ? "/This_Will_Generate_Vigil_Alert" : i % 5000 == 1 ? "/boom" : "/p" + i;
            b.append(String.format("203.0.113.%d - - [28/Nov/2026:10:00:00 +0000] \"GET %s HTTP/1.1\" 404 5 \"-\" \"ua\"%n",
                    i % 7, path));
        }
        Engine engine = Engine.builder().threads(2).defaultDetectors(AlertCatalogue.builtIn())
                .detector(new EveryThird()).build();
        List<Detection> seen = new ArrayList<>();
        ScanSummary s = engine.scan(List.of(Source.of("s.log", b.toString().getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {
                    @Override
                    public void onDetection(Detection d) {
                        seen.add(d);
                    }
                });
        long third = seen.stream().filter(d -> d.ruleId().equals("test.every-third")).count();
        long tests = seen.stream().filter(d -> d.ruleId().equals("http.test-alert")).count();
        // 40,000 requests over 7 IPs, less the 8 /boom ones the detector throws on
        Map<Integer, Long> perIp = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            if (i % 5000 != 1) {
                perIp.merge(i % 7, 1L, Long::sum);
            }
        }
        long expectedThirds = perIp.values().stream().mapToLong(c -> c / 3).sum();
        assertThat(third).isEqualTo(expectedThirds);
        assertThat(tests).isEqualTo(40);
        assertThat(s.detections()).isEqualTo(seen.size());
        assertThat(s.detectorFailures()).containsEntry("test.every-third", 8L);
        // in line order
        assertThat(seen.stream().map(d -> d.origin().line()).toList()).isSorted();
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
        ScanSummary s = engine.scan(List.of(Source.of("pairs.log", b.toString().getBytes(StandardCharsets.UTF_8))),
                new ScanListener() {});
        SourceStats st = s.sources().get(0);
        assertThat(st.events()).isEqualTo(pairs - 500);
        assertThat(st.rejected()).isEqualTo(1); // the finish reject: 501 records without a pair
        assertThat(st.problems()).anySatisfy(p -> assertThat(p.reason()).contains("501 records without their pair"));
    }
}
