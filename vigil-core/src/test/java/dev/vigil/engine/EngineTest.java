package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.ingest.Source;
import dev.vigil.ingest.combined.CombinedFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    private static final String NORMAL =
            "203.0.113.%d - - [28/Nov/2026:10:00:%02d +0000] \"GET /shop/item-%d HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";
    private static final String TEST_ALERT =
            "198.51.100.7 - - [28/Nov/2026:10:00:00 +0000] \"GET /This_Will_Generate_Vigil_Alert HTTP/1.1\" 404 9 \"-\" \"curl/8.5\"\n";

    record Result(ScanSummary summary, List<Detection> detections) {
        SourceStats only() {
            assertThat(summary.sources()).hasSize(1);
            return summary.sources().get(0);
        }
    }

    static Result scan(Engine engine, Source... sources) throws InterruptedException {
        List<Detection> found = new ArrayList<>();
        ScanSummary s = engine.scan(List.of(sources), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                found.add(d);
            }
        });
        return new Result(s, found);
    }

    static Engine engine(int threads) {
        return Engine.builder().threads(threads).defaultDetectors(AlertCatalogue.builtIn()).build();
    }

    static String normal(int i) {
        return String.format(NORMAL, i % 250, i % 60, i);
    }

    @Test
    void keepsInputOrderAndLineNumbersAcrossManyChunksAndThreads() throws Exception {
        StringBuilder b = new StringBuilder();
        List<Long> expectedLines = new ArrayList<>();
        List<Long> expectedOffsets = new ArrayList<>();
        int n = 60_000; // about 5 MiB: several 1 MiB chunks
        for (int i = 1; i <= n; i++) {
            if (i % 997 == 0) {
                expectedLines.add((long) i);
                expectedOffsets.add((long) b.toString().getBytes(StandardCharsets.UTF_8).length);
                b.append(TEST_ALERT);
            } else {
                b.append(normal(i));
            }
        }
        byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
        Result r = scan(engine(3), Source.of("big.log", data));
        assertThat(r.only().lines()).isEqualTo(n);
        assertThat(r.only().events()).isEqualTo(n);
        assertThat(r.only().rejected()).isZero();
        assertThat(r.only().format()).isEqualTo("combined");
        assertThat(r.only().status()).isEqualTo(SourceStats.Status.COMPLETE);
        assertThat(r.detections()).extracting(d -> d.origin().line()).containsExactlyElementsOf(expectedLines);
        assertThat(r.detections()).extracting(d -> d.origin().offset()).containsExactlyElementsOf(expectedOffsets);
        assertThat(r.summary().bytes()).isEqualTo(data.length);
    }

    @Test
    void countsTooLongLinesAndKeepsLineNumbersAfterThem() throws Exception {
        String huge = "x".repeat(3 << 20) + "\n";          // longer than a read block
        String long100k = "y".repeat(100_000) + "\n";      // over the 64 KiB limit, inside a block
        String data = normal(1) + huge + normal(3) + long100k + TEST_ALERT;
        Result r = scan(engine(2), Source.of("long.log", data.getBytes(StandardCharsets.UTF_8)));
        SourceStats s = r.only();
        assertThat(s.lines()).isEqualTo(5);
        assertThat(s.rejected()).isEqualTo(2);
        assertThat(s.events()).isEqualTo(3);
        List<Problem> lineProblems = s.problems().stream().filter(p -> p.kind() != Problem.Kind.SOURCE).toList();
        assertThat(lineProblems).extracting(Problem::line).containsExactly(2L, 4L);
        assertThat(lineProblems).allSatisfy(p -> assertThat(p.reason()).contains("over the limit"));
        assertThat(r.detections()).singleElement().satisfies(d -> {
            assertThat(d.origin().line()).isEqualTo(5);
            assertThat(d.origin().offset()).isEqualTo(data.length() - TEST_ALERT.length());
        });
    }

    @Test
    void aTooLongLastLineWithoutNewlineIsCounted() throws Exception {
        String data = TEST_ALERT + "z".repeat(3 << 20);
        Result r = scan(engine(1), Source.of("tail.log", data.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.only().lines()).isEqualTo(2);
        assertThat(r.only().rejected()).isEqualTo(1);
        assertThat(r.detections()).hasSize(1);
    }

    @Test
    void readsGzipAndReportsTruncationKeepingWhatWasRead() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            b.append(i == 5 ? TEST_ALERT : normal(i));
        }
        byte[] gz = gzip(b.toString().getBytes(StandardCharsets.UTF_8));
        Result whole = scan(engine(2), Source.of("ok.log.gz", gz));
        assertThat(whole.only().lines()).isEqualTo(20_000);
        assertThat(whole.only().status()).isEqualTo(SourceStats.Status.COMPLETE);

        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        Result r = scan(engine(2), Source.of("cut.log.gz", cut));
        SourceStats s = r.only();
        assertThat(s.status()).isEqualTo(SourceStats.Status.PARTIAL);
        assertThat(s.problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SOURCE);
            assertThat(p.reason()).contains("truncated gzip");
        });
        assertThat(s.lines()).isBetween(1_000L, 19_999L);
        assertThat(s.events()).isGreaterThanOrEqualTo(s.lines() - 1); // only the cut line may fail
        assertThat(r.detections()).singleElement().satisfies(d -> assertThat(d.origin().line()).isEqualTo(5));
    }

    @Test
    void corruptGzipIsAProblemNotACrash() throws Exception {
        byte[] gz = gzip((normal(1) + normal(2)).repeat(1000).getBytes(StandardCharsets.UTF_8));
        for (int i = 30; i < 60; i++) {
            gz[i] ^= 0x5a;
        }
        Result r = scan(engine(2), Source.of("bad.gz", gz));
        assertThat(r.only().status()).isIn(SourceStats.Status.PARTIAL, SourceStats.Status.SKIPPED);
        assertThat(r.only().problems()).isNotEmpty();
    }

    @Test
    void repairsInvalidUtf8AndRejectsJunkWithReasons() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(normal(1).getBytes(StandardCharsets.UTF_8));
        // a user agent with an invalid byte sequence
        out.writeBytes("203.0.113.1 - - [28/Nov/2026:10:00:00 +0000] \"GET /caf".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.writeBytes(" HTTP/1.1\" 200 1 \"-\" \"ua\"\r\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n'});
        out.writeBytes("this is not a log line\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(TEST_ALERT.getBytes(StandardCharsets.UTF_8));
        Result r = scan(Engine.builder().format(CombinedFormat.COMBINED)
                .defaultDetectors(AlertCatalogue.builtIn()).build(), Source.of("mixed.log", out.toByteArray()));
        SourceStats s = r.only();
        assertThat(s.lines()).isEqualTo(5);
        assertThat(s.events()).isEqualTo(3);
        assertThat(s.rejected()).isEqualTo(2);
        assertThat(s.warnings()).isEqualTo(2); // the invalid UTF-8 line and the binary line
        assertThat(s.problems()).extracting(Problem::line).contains(2L, 3L, 4L);
        assertThat(r.detections()).singleElement().satisfies(d -> assertThat(d.origin().line()).isEqualTo(5));
    }

    @Test
    void skipsUnknownFormatsAndReportsUnreadableFiles(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.md");
        Files.writeString(notes, "# Notes\n\nNothing to see here.\n");
        Path empty = dir.resolve("empty.log");
        Files.writeString(empty, "");
        Source missing = new Source("missing.log", () -> {
            throw new java.nio.file.NoSuchFileException("missing.log");
        }, -1);
        Result r = scan(engine(2), Source.file(notes), Source.file(empty), missing, Source.of("t.log",
                TEST_ALERT.getBytes(StandardCharsets.UTF_8)));
        List<SourceStats> s = r.summary().sources();
        assertThat(s).extracting(SourceStats::status).containsExactly(SourceStats.Status.SKIPPED,
                SourceStats.Status.COMPLETE, SourceStats.Status.UNREADABLE, SourceStats.Status.COMPLETE);
        // the reason names the file, never its content (which may hold secrets)
        assertThat(s.get(0).problems().get(0).reason()).contains("not a log format").doesNotContain("Notes");
        assertThat(s.get(2).problems().get(0).reason()).contains("cannot open");
        assertThat(r.detections()).hasSize(1);
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws Exception {
        String data = normal(1) + TEST_ALERT.strip();
        Result r = scan(engine(2), Source.of("nolf.log", data.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.only().lines()).isEqualTo(2);
        assertThat(r.detections()).hasSize(1);
    }

    @Test
    void aFailingDetectorIsReportedAndTheScanGoesOn() throws Exception {
        Engine e = Engine.builder().defaultDetectors(AlertCatalogue.builtIn()).detector(new dev.vigil.detect.Detector() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public void inspect(dev.vigil.event.Event event, java.util.function.Consumer<Detection> out) {
                throw new IllegalStateException("boom");
            }
        }).build();
        Result r = scan(e, Source.of("t.log", (normal(1) + TEST_ALERT).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.only().warnings()).isEqualTo(2);
        assertThat(r.only().problems().get(0).reason()).contains("detector broken failed");
        assertThat(r.detections()).hasSize(1);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
