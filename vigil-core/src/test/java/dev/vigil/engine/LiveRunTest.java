package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.ingest.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A watch must raise what a scan of the same lines raises: lines arriving in pieces of any size,
 * through a restart from a snapshot, for a stateful format (W3C's #Fields), process events and an
 * access log with behaviour windows.
 */
class LiveRunTest {
    private static Engine engine() {
        return Engine.builder().threads(1).format(null).defaultDetectors(AlertCatalogue.builtIn()).build();
    }

    /** Live runs keep their keyed state of their own, so one engine serves them all (building one compiles every rule). */
    private static final Engine LIVE = engine();

    private static String text(Detection d) {
        return d.origin().source() + ":" + d.origin().line() + " " + d.ruleId() + " " + d.decoded();
    }

    private static final java.util.Map<String, List<String>> SCANNED = new java.util.HashMap<>();

    /** A scan of one input by a fresh engine (a scan's keyed state carries over to the next), once per input. */
    private static List<String> scan(String name, byte[] data) throws InterruptedException {
        List<String> known = SCANNED.get(name);
        if (known != null) {
            return known;
        }
        List<String> out = new ArrayList<>();
        SCANNED.put(name, out);
        engine().scan(List.of(Source.of(name, data)), new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                out.add(text(d));
            }
        });
        return out;
    }

    /** Whole lines in pieces of random size (one line to about 40 KiB), as a follower hands them out. */
    private static List<byte[]> pieces(byte[] data, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            int want = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(40_000);
            int end = Math.min(data.length, start + want);
            while (end < data.length && data[end - 1] != '\n') {
                end++;
            }
            out.add(Arrays.copyOfRange(data, start, end));
            start = end;
        }
        return out;
    }

    private static List<String> live(String name, byte[] data, long seed, int restartAt) throws IOException {
        List<String> out = new ArrayList<>();
        LiveRun run = LIVE.live(d -> out.add(text(d)));
        long line = 1;
        long offset = 0;
        List<byte[]> pieces = pieces(data, seed);
        for (int i = 0; i < pieces.size(); i++) {
            if (i == restartAt) {
                byte[] snap = run.snapshot();
                run = LIVE.live(d -> out.add(text(d)));
                run.restore(snap);
            }
            byte[] p = pieces.get(i);
            run.lines("dev:ino-1", name, line, offset, p);
            offset += p.length;
            for (byte b : p) {
                if (b == '\n') {
                    line++;
                }
            }
        }
        return out;
    }

    private static List<byte[]> inputs() throws IOException {
        Path samples = Path.of("..", "samples");
        return List.of(PartitionedEngineTest.accessLog(21, 20_000),
                Files.readAllBytes(samples.resolve("process/webhost-attack.jsonl")),
                Files.readAllBytes(samples.resolve("iis/u_ex261115.log")),
                Files.readAllBytes(samples.resolve("scenario/access.log")));
    }

    @Test
    void linesInPiecesGiveWhatAScanGives() throws Exception {
        int i = 0;
        for (byte[] data : inputs()) {
            String name = "input-" + i++;
            List<String> scanned = scan(name, data);
            assertThat(scanned).as(name).isNotEmpty();
            assertThat(live(name, data, 5, -1)).as(name).isEqualTo(scanned);
        }
    }

    @Test
    void aRunRestoredFromASnapshotContinuesAsIfNeverStopped() throws Exception {
        int i = 0;
        for (byte[] data : inputs()) {
            String name = "input-" + i++;
            List<String> scanned = scan(name, data);
            int n = pieces(data, 9).size();
            for (int cut : new int[] {1, n / 3, n - 1}) {
                assertThat(live(name, data, 9, cut)).as("%s restarted before piece %d of %d", name, cut, n)
                        .isEqualTo(scanned);
            }
        }
    }

    @Test
    void aDamagedSnapshotIsRefused() throws IOException {
        LiveRun run = LIVE.live(d -> { });
        run.lines("k", "a.log", 1, 0, PartitionedEngineTest.accessLog(3, 100));
        byte[] snap = run.snapshot();
        assertThatThrownBy(() -> LIVE.live(d -> { }).restore(Arrays.copyOf(snap, snap.length / 2)))
                .isInstanceOf(IOException.class);
        byte[] foreign = snap.clone();
        foreign[0] = 42;
        assertThatThrownBy(() -> LIVE.live(d -> { }).restore(foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining("version");
    }

    @Test
    void linesInNoKnownFormatAreCountedAndReported() {
        LiveRun run = LIVE.live(d -> { });
        run.lines("k", "junk.bin", 1, 0, "\u0001\u0002 not a log\nnor this\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(run.rejected()).isEqualTo(2);
        assertThat(run.takeProblems()).singleElement().satisfies(p -> assertThat(p.toString()).contains("junk.bin"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A shell that surveys its host: three survey commands from one parent within 20 s, on 21 Nov. */
    private static final String SURVEY = """
            {"time":"2026-11-21T03:00:00Z","host":"h1","pid":500,"ppid":400,"exe":"/usr/bin/id","cmdline":"id"}
            {"time":"2026-11-21T03:00:10Z","host":"h1","pid":501,"ppid":400,"exe":"/usr/bin/uname","cmdline":"uname -a"}
            {"time":"2026-11-21T03:00:20Z","host":"h1","pid":502,"ppid":400,"exe":"/usr/bin/whoami","cmdline":"whoami"}
            """;

    /** An access log of 30 Nov, days after the trace: read side by side, its time must not close the trace's windows. */
    private static String laterAccess(int i) {
        return "192.0.2.9 - - [30/Nov/2026:08:00:" + String.format(java.util.Locale.ROOT, "%02d", i)
                + " +0000] \"GET /products/" + i + " HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";
    }

    @Test
    void aSourceAheadInTimeDoesNotCloseAnotherSourcesWindows() throws Exception {
        List<String> scanned = scan("trace.jsonl", utf8(SURVEY));
        assertThat(scanned).anyMatch(d -> d.contains("process.behaviour.discovery-burst"));
        List<String> live = new ArrayList<>();
        LiveRun run = LIVE.live(d -> live.add(text(d)));
        String[] trace = SURVEY.split("\n");
        for (int i = 0; i < trace.length; i++) {
            run.lines("t", "trace.jsonl", i + 1, 0, utf8(trace[i] + "\n"));
            run.lines("a", "access.log", i + 1, 0, utf8(laterAccess(i)));
        }
        assertThat(live).filteredOn(d -> d.startsWith("trace.jsonl")).containsExactlyElementsOf(scanned);
        assertThat(run.watermark()).as("time is the trace's, the source behind")
                .isEqualTo(java.time.Instant.parse("2026-11-21T03:00:20Z").toEpochMilli());
    }

    @Test
    void anIdleSourceHoldsNoTimeBackUntilItGivesLinesAgain() {
        LiveRun run = LIVE.live(d -> { });
        run.lines("t", "trace.jsonl", 1, 0, utf8(SURVEY.split("\n")[0] + "\n"));
        run.lines("a", "access.log", 1, 0, utf8(laterAccess(5)));
        long trace = java.time.Instant.parse("2026-11-21T03:00:00Z").toEpochMilli();
        long access = java.time.Instant.parse("2026-11-30T08:00:05Z").toEpochMilli();
        assertThat(run.watermark()).isEqualTo(trace);
        run.idle("t");
        assertThat(run.isIdle("t")).isTrue();
        assertThat(run.watermark()).as("the quiet trace no longer holds the access log back").isEqualTo(access);
        run.lines("t", "trace.jsonl", 2, 0, utf8(SURVEY.split("\n")[1] + "\n"));
        assertThat(run.isIdle("t")).isFalse();
        assertThat(run.watermark()).as("event time never goes back").isEqualTo(access);
        run.lines("a", "access.log", 2, 0, utf8(laterAccess(9)));
        assertThat(run.watermark()).as("held by the trace again").isEqualTo(access);
    }

    @Test
    void eachSourcesTimeSurvivesASnapshot() throws Exception {
        LiveRun run = LIVE.live(d -> { });
        run.lines("t", "trace.jsonl", 1, 0, utf8(SURVEY.split("\n")[0] + "\n"));
        run.lines("a", "access.log", 1, 0, utf8(laterAccess(5)));
        LiveRun again = LIVE.live(d -> { });
        again.restore(run.snapshot());
        again.idle("t");
        assertThat(again.watermark()).isEqualTo(java.time.Instant.parse("2026-11-30T08:00:05Z").toEpochMilli());
    }
}
