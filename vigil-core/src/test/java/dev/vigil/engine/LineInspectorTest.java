package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.event.Event;
import dev.vigil.ingest.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines handed over one at a time, the keyed detectors run elsewhere on the events that come out:
 * the same detections as a scan of the file, for a stateful format (W3C's #Fields), an access log
 * with behaviour windows, and process events; bad lines counted, never thrown on.
 */
class LineInspectorTest {
    private static final Engine ENGINE = Engine.builder().threads(1).defaultDetectors(AlertCatalogue.builtIn()).build();

    private static String text(Detection d) {
        return d.origin().source() + ":" + d.origin().line() + " " + d.ruleId() + " " + d.decoded();
    }

    private static List<String> scan(String name, byte[] data) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Engine.builder().threads(1).defaultDetectors(AlertCatalogue.builtIn()).build()
                .scan(List.of(Source.of(name, data)), new ScanListener() {
                    @Override
                    public void onDetection(Detection d) {
                        out.add(text(d));
                    }
                });
        return out;
    }

    private static List<String> lineByLine(String name, byte[] data, LineInspector inspector) {
        List<String> out = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        String[] lines = new String(data, StandardCharsets.UTF_8).split("\n", -1);
        long offset = 0;
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            byte[] l = lines[i].getBytes(StandardCharsets.UTF_8);
            inspector.line(name, i + 1, offset, l, null, null, events::add, d -> out.add(text(d)));
            offset += l.length + 1;
        }
        KeyedStage keyed = new KeyedStage(ENGINE.keyedDetectors());
        for (Event e : events) {
            keyed.process(e, d -> out.add(text(d)));
        }
        keyed.finish(d -> out.add(text(d)));
        return out;
    }

    @Test
    void linesOneAtATimeGiveTheDetectionsOfAScan() throws Exception {
        for (String f : List.of("iis/u_ex261115.log", "nginx/access.log", "process/webhost-attack.jsonl", "bad/mixed.log")) {
            byte[] data = Files.readAllBytes(Path.of("..", "samples", f));
            List<String> expected = scan(f, data);
            List<String> actual = lineByLine(f, data, LineInspector.of(ENGINE));
            assertThat(actual).as(f).hasSizeGreaterThan(0).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void linesOfNoKnownFormatAreCountedNotThrown() {
        LineInspector inspector = LineInspector.of(ENGINE);
        List<Object> out = new ArrayList<>();
        inspector.line("junk", 1, 0, "\u0000\u0001 not a log line".getBytes(StandardCharsets.UTF_8), null, null,
                out::add, out::add);
        inspector.line("junk", 2, 20, new byte[0], null, null, out::add, out::add);
        assertThat(out).isEmpty();
        assertThat(inspector.rejected()).isEqualTo(2);
        assertThat(inspector.lastProblem().toString()).startsWith("junk:2: ");
    }
}
