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

    private static List<byte[]> lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                if (i > start || i < data.length) {
                    out.add(java.util.Arrays.copyOfRange(data, start, i > start && data[i - 1] == '\r' ? i - 1 : i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Events and detections of {@code lines}, read by one inspector, or by a new one restored from a snapshot at {@code cut}. */
    private static List<String> events(String source, List<byte[]> lines, dev.vigil.ingest.LineFormat format, int cut)
            throws Exception {
        List<String> out = new ArrayList<>();
        LineInspector inspector = LineInspector.of(ENGINE);
        for (int i = 0; i < lines.size(); i++) {
            if (i == cut) {
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                inspector.snapshot(new java.io.DataOutputStream(buf));
                inspector = LineInspector.of(ENGINE); // a restarted reader: its parser state only from the snapshot
                inspector.restore(new java.io.DataInputStream(new java.io.ByteArrayInputStream(buf.toByteArray())));
            }
            inspector.line(source, i + 1, i, lines.get(i), format, null,
                    e -> out.add(e.toString()), d -> out.add(text(d)));
        }
        return out;
    }

    @Test
    void parserStateSurvivesASnapshotAndRestoreBetweenAnyTwoLines() throws Exception {
        List<byte[]> w3c = lines(Files.readAllBytes(Path.of("..", "samples", "iis", "u_ex261115.log")));
        List<byte[]> auditd = lines(Files.readAllBytes(Path.of("src", "test", "resources", "auditd", "events.log")));
        // a long access line that Docker split into two partial pieces, then a whole one
        String attack = "203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] \"GET /?id=1%27%20UNION%20SELECT%20password"
                + "%20FROM%20users-- HTTP/1.1\" 500 1 \"-\" \"curl/8\"";
        List<byte[]> docker = lines(String.join("\n", 
                "{\"log\":\"" + attack.substring(0, 60).replace("\"", "\\\"") + "\",\"stream\":\"stdout\",\"time\":\"2026-11-01T10:00:00Z\"}",
                "{\"log\":\"" + attack.substring(60).replace("\"", "\\\"") + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-01T10:00:00Z\"}",
                "{\"log\":\"" + attack.replace("\"", "\\\"") + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-01T10:00:01Z\"}").getBytes(StandardCharsets.UTF_8));
        record Case(String source, List<byte[]> lines, dev.vigil.ingest.LineFormat format, int events) {}
        for (Case c : List.of(
                new Case("docker.log", docker, dev.vigil.ingest.formats.Formats.forName("docker-json:combined").orElseThrow(), 2),
                new Case("audit.log", auditd, dev.vigil.ingest.formats.Formats.forName("auditd").orElseThrow(), 10),
                new Case("u_ex261115.log", w3c, null, 100))) {
            List<String> whole = events(c.source(), c.lines(), c.format(), -1);
            assertThat(whole).as(c.source()).hasSizeGreaterThanOrEqualTo(c.events());
            for (int cut = 1; cut < c.lines().size(); cut++) {
                assertThat(events(c.source(), c.lines(), c.format(), cut)).as(c.source() + " cut before line " + (cut + 1))
                        .isEqualTo(whole);
            }
        }
    }
}
