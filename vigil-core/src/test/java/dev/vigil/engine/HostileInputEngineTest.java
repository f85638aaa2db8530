package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
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

    private static final String NORMAL =
            "203.0.113.5 - - [28/Nov/2026:10:00:01 +0000] \"GET /shop HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";
    private static final String TEST_ALERT =
            "198.51.100.7 - - [28/Nov/2026:10:00:02 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"curl\"\n";

    /** What nginx writes for a request URI full of high bytes: each one escaped as \xNN, so 4 bytes each. */
    private static String highByteRequest(int uriBytes) {
        return "192.0.2.66 - - [28/Nov/2026:10:00:00 +0000] \"GET /" + "\\xC3\\xA9".repeat(uriBytes / 2)
                + " HTTP/1.1\" 400 150 \"-\" \"-\"\n";
    }

    @Test
    void oversizedRequestsAtTheStartDoNotHideTheLog() throws Exception {
        // 70 requests of 40 KB each: over the old 8 KB sniffing limit and past the old 1 MiB window
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            log.append(highByteRequest(10_000));
        }
        log.append(NORMAL).append(TEST_ALERT);
        ScanSummary s = scan(engine(), Source.of("flood.log", log.toString().getBytes(StandardCharsets.UTF_8)));
        SourceStats st = s.sources().get(0);
        assertThat(st.status()).isEqualTo(SourceStats.Status.COMPLETE);
        assertThat(st.format()).isEqualTo("combined");
        assertThat(st.events()).isEqualTo(72);
        assertThat(found).anySatisfy(d -> assertThat(d.ruleId()).isEqualTo("http.test-alert"));
    }

    @Test
    void linesTooLongToSniffAndJunkBeforeTheLogAreLeftOutAndSaidSo() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) 0xFF);
        for (int i = 0; i < 3; i++) {
            out.write(huge);
            out.write('\n');
        }
        for (int i = 0; i < 1500; i++) {
            out.write(("junk line " + i + " \u0000\n").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 1200; i++) {
            out.write(NORMAL.getBytes(StandardCharsets.UTF_8));
        }
        out.write(TEST_ALERT.getBytes(StandardCharsets.UTF_8));
        ScanSummary s = scan(engine(), Source.of("junk-first.log", out.toByteArray()));
        SourceStats st = s.sources().get(0);
        assertThat(st.format()).isEqualTo("combined");
        assertThat(st.events()).isEqualTo(1201);
        assertThat(st.problems()).anySatisfy(p -> assertThat(p.reason())
                .contains("read as combined").contains("3 lines over"));
        assertThat(found).anySatisfy(d -> assertThat(d.ruleId()).isEqualTo("http.test-alert"));
    }

    @Test
    void aSkippedFileIsNamedWithoutQuotingItsContent() throws Exception {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        String creds = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = " + secret + "\n";
        ScanSummary s = scan(engine(), Source.of("credentials", creds.getBytes(StandardCharsets.UTF_8)));
        SourceStats st = s.sources().get(0);
        assertThat(st.status()).isEqualTo(SourceStats.Status.SKIPPED);
        assertThat(st.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("not a log format").contains("3 lines")
                .doesNotContain(secret).doesNotContain("AKIA").doesNotContain("default"));
    }

    @Test
    void aFileThatExhaustsMemoryDoesNotStopTheOthers() throws Exception {
        byte[] start = NORMAL.getBytes(StandardCharsets.UTF_8);
        Source hungry = new Source("hungry.log", () -> new java.io.InputStream() {
            int served;

            @Override
            public int read() {
                throw new OutOfMemoryError("Java heap space");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (served == 0) {
                    System.arraycopy(start, 0, b, off, start.length);
                    served = start.length;
                    return start.length;
                }
                throw new OutOfMemoryError("Java heap space");
            }
        }, -1);
        ScanSummary s = scan(engine(), hungry, Source.of("next.log", TEST_ALERT.getBytes(StandardCharsets.UTF_8)));
        assertThat(s.sources()).extracting(SourceStats::status)
                .containsExactly(SourceStats.Status.PARTIAL, SourceStats.Status.COMPLETE);
        assertThat(s.sources().get(0).problems()).anySatisfy(p -> assertThat(p.reason()).contains("out of memory"));
        assertThat(found).anySatisfy(d -> assertThat(d.origin().source()).isEqualTo("next.log"));
    }

    @Test
    void theLineLimitAHeapAffordsShrinksWithThreadsAndNeverGoesBelowTheMinimum() {
        long gib = 1L << 30;
        assertThat(Engine.maxLineLengthFor(gib, 2)).isBetween(8 << 20, 32 << 20);
        assertThat(Engine.maxLineLengthFor(gib, 16)).isLessThan(Engine.maxLineLengthFor(gib, 2));
        assertThat(Engine.maxLineLengthFor(256L << 20, 16)).isGreaterThanOrEqualTo(Engine.DEFAULT_MAX_LINE_LENGTH / 2);
        assertThat(Engine.maxLineLengthFor(64 << 10, 64)).isEqualTo(256);
        assertThat(Engine.maxLineLengthFor(1L << 40, 1)).isEqualTo(256 << 20);
        // what the reader buffers for a line at the cap, with every worker busy, fits in half the heap
        int threads = 4;
        long cap = Engine.maxLineLengthFor(gib, threads);
        assertThat((3L * threads + 2) * 2 * cap).isLessThan(gib / 2);
    }
    @Test
    void aDetectorThatRunsOutOfStackLosesThatLineNotTheScan() throws Exception {
        // a recursion bug on a hostile line (a StackOverflowError, not an exception) is a failure of that
        // detector on that line, counted and reported like an exception, while every other line is read
        dev.vigil.detect.Detector deep = new dev.vigil.detect.Detector() {
            @Override
            public String id() {
                return "test.deep";
            }

            @Override
            public void inspect(dev.vigil.event.Event event, java.util.function.Consumer<Detection> out) {
                if (((dev.vigil.event.HttpRequest) event).target().contains("deep")) {
                    throw new StackOverflowError();
                }
            }
        };
        Engine engine = Engine.builder().threads(1).defaultDetectors(AlertCatalogue.builtIn()).detector(deep).build();
        String deepLine = "192.0.2.9 - - [28/Nov/2026:10:00:03 +0000] \"GET /deep HTTP/1.1\" 200 5 \"-\" \"ua\"\n";
        ScanSummary s = scan(engine, Source.of("deep.log", (NORMAL + deepLine + TEST_ALERT).getBytes(StandardCharsets.UTF_8)));
        assertThat(s.detectorFailures()).containsEntry("test.deep", 1L);
        assertThat(s.sources().get(0).events()).isEqualTo(3);
        assertThat(found).anySatisfy(d -> assertThat(d.ruleId()).isEqualTo("http.test-alert"));
    }
}
