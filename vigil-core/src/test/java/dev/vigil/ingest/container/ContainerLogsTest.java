package dev.vigil.ingest.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.engine.SourceStats;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.ProcessStart;
import dev.vigil.ingest.formats.Formats;
import dev.vigil.ingest.Line;
import dev.vigil.ingest.LineFormat;
import dev.vigil.ingest.RecordAssembler;
import dev.vigil.ingest.formats.Sniffer;
import dev.vigil.ingest.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "3ad7b26ded6d8e7f1b8c4b0e6a4c2f1d0e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c";

    /** An access line with a SQL injection in the query, and a plain one. */
    private static final String ATTACK = "203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] \"GET /products.php?id=1%27%20UNION"
            + "%20SELECT%20username,password%20FROM%20users--%20 HTTP/1.1\" 200 612 \"-\" \"Mozilla/5.0\"";
    private static final String PLAIN = "198.51.100.4 - - [01/Nov/2026:10:00:01 +0000] \"GET /index.html HTTP/1.1\" 200 "
            + "1024 \"-\" \"Mozilla/5.0\"";

    @TempDir
    Path tmp;

    // --- detection through the wrappers --------------------------------------------------------

    @Test
    void anAttackInsideADockerLogRaisesTheSameAlertsWithTheContainerAsResource() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("var/lib/docker/containers/" + ID));
        Files.writeString(dir.resolve("config.v2.json"), "{\"ID\":\"" + ID + "\",\"Config\":{\"Env\":[\"SECRET=x\"]},"
                + "\"Name\":\"/shop-web\"}");
        Path log = dir.resolve(ID + "-json.log");
        Files.writeString(log, docker(PLAIN + "\n", "stdout", "2026-11-01T10:00:01.000000001Z")
                + docker(ATTACK + "\n", "stdout", "2026-11-01T10:00:00.5Z"));
        Path plain = tmp.resolve("access.log");
        Files.writeString(plain, PLAIN + "\n" + ATTACK + "\n");

        Scan wrapped = scan(Source.file(log), null);
        Scan direct = scan(Source.file(plain), null);
        assertThat(direct.types()).isNotEmpty();
        assertThat(wrapped.types()).isEqualTo(direct.types());
        assertThat(wrapped.stats.format()).isEqualTo("docker-json");
        assertThat(wrapped.stats.rejected()).isZero();
        for (Detection d : wrapped.detections) {
            HttpRequest r = (HttpRequest) d.event();
            assertThat(r.host()).isEqualTo("shop-web");
            assertThat(r.extra()).containsEntry("container", "shop-web");
            assertThat(d.origin().source()).isEqualTo(log.toString());
            assertThat(d.origin().line()).isEqualTo(2);
        }
    }

    @Test
    void anAttackInsideACriLogRaisesTheSameAlertsWithThePodAsResource() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("var/log/pods/shop_web-5c9d8f7b6-x2k4q_"
                + "0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098/nginx"));
        Path log = dir.resolve("0.log");
        // the attack line cut in two pieces, with a stderr line between them
        String a1 = ATTACK.substring(0, 40);
        String a2 = ATTACK.substring(40);
        Files.writeString(log, "2026-11-01T10:00:00.100000000Z stdout F " + PLAIN + "\n"
                + "2026-11-01T10:00:00.200000000Z stdout P " + a1 + "\n"
                + "2026-11-01T10:00:00.200000100Z stderr F 2026/11/01 10:00:00 [notice] 1#1: signal process started\n"
                + "2026-11-01T10:00:00.200000200Z stdout F " + a2 + "\n");
        Path plain = tmp.resolve("access.log");
        Files.writeString(plain, PLAIN + "\n" + ATTACK + "\n");

        Scan wrapped = scan(Source.file(log), null);
        assertThat(wrapped.stats.format()).isEqualTo("cri");
        assertThat(wrapped.types()).isNotEmpty().isEqualTo(scan(Source.file(plain), null).types());
        for (Detection d : wrapped.detections) {
            HttpRequest r = (HttpRequest) d.event();
            assertThat(r.host()).isEqualTo("shop/web-5c9d8f7b6-x2k4q");
            assertThat(r.extra()).containsEntry("container", "nginx").containsEntry("pod", "shop/web-5c9d8f7b6-x2k4q");
            assertThat(r.target()).isEqualTo(ATTACK.substring(ATTACK.indexOf("/products"), ATTACK.indexOf(" HTTP/1.1")));
            assertThat(d.origin().line()).isEqualTo(2); // the first piece
        }
        // the nginx error line on stderr is not an access line: rejected and reported, not a failure
        assertThat(wrapped.stats.rejected()).isEqualTo(1);
        assertThat(wrapped.stats.events()).isEqualTo(2);
    }

    @Test
    void aFollowedPodLogRaisesItsAlertAsSoonAsTheLineArrives() {
        // vigil watch hands each new piece of a followed file to a LiveRun; nothing ends the source
        List<Detection> out = new ArrayList<>();
        dev.vigil.engine.LiveRun live = Engine.builder().defaultDetectors(AlertCatalogue.builtIn()).threads(1).build()
                .live(out::add);
        String name = "/var/log/pods/shop_web-1_0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098/php/0.log";
        byte[] piece = ("2026-11-01T10:00:00.1Z stdout F " + ATTACK + "\n").getBytes(StandardCharsets.UTF_8);
        live.lines("dev:ino", name, 1, 0, piece);
        assertThat(out).isNotEmpty().allSatisfy(d -> {
            assertThat(((HttpRequest) d.event()).host()).isEqualTo("shop/web-1");
            assertThat(d.origin().source()).isEqualTo(name);
        });
    }

    // --- joins --------------------------------------------------------------------------------

    @Test
    void dockerSixteenKibPiecesAreJoinedIntoOneLine() {
        String target = "/search?q=" + "a".repeat(40_000);
        String line = "203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] \"GET " + target + " HTTP/1.1\" 200 1 \"-\" \"x\"";
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < line.length(); i += 16 * 1024) {
            String piece = line.substring(i, Math.min(line.length(), i + 16 * 1024));
            boolean last = i + 16 * 1024 >= line.length();
            log.append(docker(piece + (last ? "\n" : ""), "stdout", "2026-11-01T10:00:00Z"));
        }
        Run r = run(Formats.DOCKER_JSON.newAssembler(), "x-json.log", log.toString());
        assertThat(r.rejects).isEmpty();
        assertThat(r.warnings).isEmpty();
        assertThat(r.events).hasSize(1);
        assertThat(((HttpRequest) r.events.get(0)).target()).isEqualTo(target);
    }

    @Test
    void aPartialLineThatNeverEndsIsCutAtTheLimitAndCounted() {
        RecordAssembler a = Formats.CRI.newAssembler(1000);
        StringBuilder log = new StringBuilder("2026-11-01T10:00:00Z stdout P {\"pid\":1,\"exe\":\"/bin/sh\",\"cmdline\":\"");
        log.append('\n');
        for (int i = 0; i < 2000; i++) {
            log.append("2026-11-01T10:00:00Z stdout P ").append("x".repeat(500)).append('\n');
        }
        Run r = run(a, "c.log", log.toString());
        assertThat(r.events).isEmpty();
        assertThat(r.warnings).anySatisfy(w -> assertThat(w).contains("cut at the limit of 1,000"))
                .anySatisfy(w -> assertThat(w).contains("never ended"))
                // and the cut line alone, an unfinished JSON object, is in no format
                .anySatisfy(w -> assertThat(w).contains("no format Vigil reads")).hasSize(3);
    }

    @Test
    void aLongJoinedLineIsCutAndStillRead() {
        String proc = "{\"pid\":7,\"exe\":\"/bin/sh\",\"cmdline\":\"sh -c id\",\"pad\":\"" + "y".repeat(3000) + "\"}";
        String log = "2026-11-01T10:00:00Z stdout P " + proc.substring(0, 50) + "\n"
                + "2026-11-01T10:00:00Z stdout F " + proc.substring(50) + "\n";
        Run r = run(Formats.CRI.newAssembler(1 << 20), "c.log", log);
        assertThat(r.events).hasSize(1);
        Run cut = run(Formats.forName("cri:process-json").orElseThrow().newAssembler(1000), "c.log", log);
        assertThat(cut.warnings).singleElement().asString().contains("3,0");
        assertThat(cut.events).isEmpty(); // the cut JSON no longer reads...
        assertThat(cut.rejects).hasSize(1); // ...and says so
    }

    // --- inner formats, resources and times ---------------------------------------------------

    @Test
    void dockersEscapesAreUndoneBeforeDetectorsSeeTheLine() {
        // Docker writes <, > and & as JSON unicode escapes (backslash, u003c...)
        String wrapped = "{\"log\":\"203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] \\\"GET /?q=\\u003cscript\\u003e"
                + "alert(1)\\u003c/script\\u003e\\u0026a=1 HTTP/1.1\\\" 200 1 \\\"-\\\" \\\"x\\\"\\n\","
                + "\"stream\":\"stdout\",\"time\":\"2026-11-01T10:00:00Z\"}";
        Run r = run(Formats.DOCKER_JSON.newAssembler(), "x-json.log", wrapped);
        assertThat(r.rejects).isEmpty();
        assertThat(((HttpRequest) r.events.get(0)).target()).isEqualTo("/?q=<script>alert(1)</script>&a=1");
    }

    @Test
    void innerLinesWithoutTimeTakeTheRuntimesTime() {
        String log = docker("{\"pid\":7,\"exe\":\"/bin/sh\",\"cmdline\":\"sh -c id\"}\n", "stdout", "2026-11-01T10:00:05.25Z")
                .repeat(3);
        Path p = tmp.resolve("var/log/containers/web-5c9d_shop_php-" + ID + ".log");
        Run r = run(Formats.DOCKER_JSON.newAssembler(), p.toString(), log);
        assertThat(r.events).hasSize(3);
        ProcessStart ps = (ProcessStart) r.events.get(0);
        assertThat(ps.time()).hasToString("2026-11-01T10:00:05.250Z");
        assertThat(ps.host()).isEqualTo("shop/web-5c9d");
        assertThat(ps.container()).isEqualTo("php");
    }

    @Test
    void aContainerThatWritesNoKnownFormatIsSkippedWithOneWarning() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            log.append("2026-11-01T10:00:00Z stdout F Starting worker ").append(i).append(" of the job queue\n");
        }
        Run r = run(Formats.CRI.newAssembler(), "c.log", log.toString());
        assertThat(r.events).isEmpty();
        assertThat(r.rejects).isEmpty();
        assertThat(r.warnings).singleElement().asString().contains("no format Vigil reads");
    }

    @Test
    void aQuietContainersFirstLineIsReadAtOnceNotAtTheEndOfTheSource() {
        // vigil watch follows a log that may stay at one line for hours: its alert must not wait
        RecordAssembler a = Formats.DOCKER_JSON.newAssembler();
        List<Event> out = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        Line l = Line.of("x-json.log", 1, docker(ATTACK + "\n", "stdout", "2026-11-01T10:00:00Z").trim());
        a.accept(l, rejects::add, out::add);
        assertThat(out).singleElement().isInstanceOf(HttpRequest.class);
        // a first line that no format reads is held until later lines say what the log is
        RecordAssembler b = Formats.DOCKER_JSON.newAssembler();
        b.accept(Line.of("y-json.log", 1, docker("/docker-entrypoint.sh: Configuration complete; ready for start up\n",
                "stdout", "2026-11-01T10:00:00Z").trim()), rejects::add, out::add);
        assertThat(out).hasSize(1);
        b.accept(Line.of("y-json.log", 2, docker(PLAIN + "\n", "stdout", "2026-11-01T10:00:01Z").trim()),
                rejects::add, out::add);
        b.finish(rejects::add, out::add);
        assertThat(out).hasSize(2);
        assertThat(rejects).singleElement().asString().startsWith("line 1: ");
    }

    @Test
    void aShortLogIsSniffedAtTheEnd() {
        Run r = run(Formats.CRI.newAssembler(), "c.log", "2026-11-01T10:00:00Z stdout F " + PLAIN + "\n");
        assertThat(r.events).singleElement().isInstanceOf(HttpRequest.class);
    }

    @Test
    void resourcesFromPaths() {
        assertThat(ContainerRef.fromPath("/var/log/pods/shop_web-5c9d_0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098/nginx/3.log"))
                .isEqualTo(new ContainerRef("shop/web-5c9d", "nginx", "shop/web-5c9d"));
        assertThat(ContainerRef.fromPath("/x/var/log/pods/shop_web-5c9d_0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098/nginx/"
                + "0.log.20261101-100000.gz")).isEqualTo(new ContainerRef("shop/web-5c9d", "nginx", "shop/web-5c9d"));
        assertThat(ContainerRef.fromPath("/var/log/containers/web-5c9d_shop_nginx-" + ID + ".log"))
                .isEqualTo(new ContainerRef("shop/web-5c9d", "nginx", "shop/web-5c9d"));
        assertThat(ContainerRef.fromPath("/nowhere/var/lib/docker/containers/" + ID + "/" + ID + "-json.log.1"))
                .isEqualTo(new ContainerRef("3ad7b26ded6d", "3ad7b26ded6d", null));
        assertThat(ContainerRef.fromPath("/var/log/nginx/access.log")).isNull();
        assertThat(ContainerRef.fromPath("-")).isNull();
    }

    @Test
    void wrappersAreSniffedAndNamed() {
        String d = docker(PLAIN + "\n", "stdout", "2026-11-01T10:00:00Z").repeat(25);
        String c = ("2026-11-01T10:00:00.123456789Z stdout F " + PLAIN + "\n").repeat(25);
        assertThat(sniff(d)).isSameAs(Formats.DOCKER_JSON);
        assertThat(sniff(c)).isSameAs(Formats.CRI);
        assertThat(Formats.forName("docker-json").orElseThrow()).isSameAs(Formats.DOCKER_JSON);
        assertThat(Formats.forName("cri:combined").orElseThrow().name()).isEqualTo("cri:combined");
        assertThat(Formats.forName("docker-json:auto").orElseThrow().name()).isEqualTo("docker-json");
    }

    // --- hostile input --------------------------------------------------------------------------

    @Test
    void hostileLinesNeverThrow() {
        Random rnd = new Random(16);
        String[] seeds = {
            docker(ATTACK + "\n", "stdout", "2026-11-01T10:00:00Z").trim(),
            docker("{\"pid\":1,\"exe\":\"/bin/sh\"}", "stderr", "2026-11-01T10:00:00Z").trim(),
            "2026-11-01T10:00:00.123456789Z stdout F " + ATTACK,
            "2026-11-01T10:00:00.123456789Z stderr P " + ATTACK,
        };
        for (LineFormat f : List.of(Formats.DOCKER_JSON, Formats.CRI)) {
            RecordAssembler a = f.newAssembler(4096);
            List<String> sink = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                byte[] b = seeds[rnd.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8);
                byte[] m = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                for (int k = 0; k < 3 && m.length > 0; k++) {
                    m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
                }
                Line l = new Line();
                l.set(m, 0, m.length, "/var/log/pods/a_b_0f3c2b1a-9e8d/c/0.log", i + 1, i * 100L);
                a.accept(l, sink::add, e -> { });
                f.newParser().parse(l, sink::add);
            }
            a.finish(sink::add, e -> { });
        }
    }

    @Test
    void invalidUtf8InsideACriLineIsReadWithReplacement() {
        byte[] head = "2026-11-01T10:00:00Z stdout F ".getBytes(StandardCharsets.UTF_8);
        byte[] body = ATTACK.replace("Mozilla/5.0", "Moz\u00ffla").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        Line l = new Line();
        l.set(all, 0, all.length, "c.log", 1, 0);
        RecordAssembler a = Formats.CRI.newAssembler();
        List<Event> out = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        a.accept(l, rejects::add, out::add);
        a.finish(rejects::add, out::add);
        assertThat(rejects).isEmpty();
        assertThat(((HttpRequest) out.get(0)).userAgent()).isEqualTo("Moz\ufffdla");
    }

    // --- helpers ------------------------------------------------------------------------------

    static String docker(String log, String stream, String time) {
        try {
            return "{\"log\":" + JSON.writeValueAsString(log) + ",\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"}\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LineFormat sniff(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Sniffer.sniff(b, b.length).format();
    }

    /** What an assembler made of a text, line by line. */
    private record Run(List<Event> events, List<String> rejects, List<String> warnings) {}

    private static Run run(RecordAssembler a, String source, String text) {
        List<Event> events = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        dev.vigil.ingest.LineParser.Rejects r = new dev.vigil.ingest.LineParser.Rejects() {
            @Override
            public void reject(String reason) {
                rejects.add(reason);
            }

            @Override
            public void warn(String reason) {
                warnings.add(reason);
            }
        };
        long n = 1;
        long off = 0;
        for (String s : text.split("\n")) {
            Line l = new Line();
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            l.set(b, 0, b.length, source, n++, off);
            off += b.length + 1;
            a.accept(l, r, events::add);
        }
        a.finish(r, events::add);
        return new Run(events, rejects, warnings);
    }

    private record Scan(List<Detection> detections, SourceStats stats) {
        Set<String> types() {
            return detections.stream().map(d -> d.type().name()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Scan scan(Source s, LineFormat format) throws InterruptedException {
        Engine.Builder b = Engine.builder().defaultDetectors(AlertCatalogue.builtIn()).threads(2);
        if (format != null) {
            b.format(format);
        }
        List<Detection> out = new ArrayList<>();
        List<SourceStats> stats = new ArrayList<>();
        b.build().scan(List.of(s), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                out.add(d);
            }

            @Override
            public void onSourceDone(SourceStats st) {
                stats.add(st);
            }
        });
        return new Scan(out, stats.get(0));
    }
}
