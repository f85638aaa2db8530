package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertAggregator;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.engine.Engine;
import dev.vigil.engine.ScanListener;
import dev.vigil.ingest.Source;
import dev.vigil.tail.FileFollower;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch's promise, in process: however often it dies between commits, the alerts its sink
 * ends up with are, id for id and count for count, what one scan of the final files gives.
 */
class WatcherTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();
    private static final Engine ENGINE = Engine.builder().threads(1).format(null)
            .defaultDetectors(CATALOGUE).build();

    /** A sink that keeps alerts by id (as a store merges whole alerts: the latest wins) and the last state. */
    static class MemorySink implements Watcher.Sink {
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        byte[] state;
        int commits;
        boolean failNext;

        @Override
        public void commit(List<Alert> changed, byte[] state) throws IOException {
            if (failNext) {
                failNext = false;
                throw new IOException("disk full");
            }
            for (Alert a : changed) {
                Alert before = alerts.put(a.id(), a);
                if (before != null) {
                    // handed over again only when it grew: never a committed version a second time
                    assertThat(a.count()).as("an alert handed over again has grown").isGreaterThan(before.count());
                }
            }
            this.state = state;
            commits++;
        }

        @Override
        public Optional<byte[]> state() {
            return Optional.ofNullable(state);
        }

        @Override
        public Optional<Alert> committed(String id) {
            return Optional.ofNullable(alerts.get(id));
        }
    }

    private static Watcher watcher(Path dir, MemorySink sink, long[] clock, List<String> reports) {
        return watcher(ENGINE, dir, sink, clock, reports);
    }

    private static Watcher watcher(Engine engine, Path dir, MemorySink sink, long[] clock, List<String> reports) {
        return watcher(engine, dir, sink, clock, reports, Duration.ofDays(3650));
    }

    private static Watcher watcher(Engine engine, Path dir, MemorySink sink, long[] clock, List<String> reports,
                                   Duration lateness) {
        FileFollower follower = new FileFollower(List.of(dir.resolve("*.log"), dir.resolve("*.jsonl")),
                FileFollower.Options.defaults(), p -> reports.add(p.toString()), () -> clock[0]);
        AlertAggregator aggregator = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 100, 20_000);
        return new Watcher(engine, aggregator, follower, sink, reports::add, CATALOGUE::find, () -> clock[0],
                new Watcher.Options(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(30), lateness));
    }

    private static Map<String, Alert> scan(List<Path> files) throws Exception {
        Engine fresh = Engine.builder().threads(1).format(null).defaultDetectors(CATALOGUE).build();
        AlertAggregator agg = new AlertAggregator(AlertAggregator.DEFAULT_WINDOW_MILLIS, 100, 20_000);
        List<Source> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(Source.of(f.toString(), Files.readAllBytes(f)));
        }
        // one source after the other, as a watch of files with distinct keys sees them
        for (Source s : sources) {
            fresh.scan(List.of(s), new ScanListener() {
                @Override
                public void onDetection(Detection d) {
                    agg.add(d);
                }
            });
        }
        Map<String, Alert> out = new LinkedHashMap<>();
        agg.alerts().forEach(a -> out.put(a.id(), a));
        return out;
    }

    /** Lines of {@code data}, appended in random whole-line pieces. */
    private static List<byte[]> pieces(byte[] data, Random r) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            int end = Math.min(data.length, start + 1 + r.nextInt(30_000));
            while (end < data.length && data[end - 1] != '\n') {
                end++;
            }
            out.add(Arrays.copyOfRange(data, start, end));
            start = end;
        }
        return out;
    }

    private static Map<String, Long> counts(Map<String, Alert> alerts) {
        Map<String, Long> out = new java.util.TreeMap<>();
        alerts.forEach((id, a) -> out.put(id + " " + a.type().name(), a.count()));
        return out;
    }

    @Test
    void dyingAtRandomBetweenCommitsLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        byte[] access = dev.vigil.engine.PartitionedEngineTestAccess.accessLog(31, 15_000);
        byte[] process = Files.readAllBytes(Path.of("..", "samples", "process", "webhost-attack.jsonl"));
        Path a = dir.resolve("access.log");
        Path p = dir.resolve("trace.jsonl");
        Random r = new Random(17);
        List<byte[]> accessPieces = pieces(access, r);
        List<byte[]> processPieces = pieces(process, r);
        MemorySink sink = new MemorySink();
        long[] clock = {1_000_000};
        List<String> reports = new ArrayList<>();
        Watcher w = watcher(dir, sink, clock, reports);
        w.restore();
        int deaths = 0;
        int ai = 0;
        int pi = 0;
        while (ai < accessPieces.size() || pi < processPieces.size()) {
            if (ai < accessPieces.size()) {
                Files.write(a, accessPieces.get(ai++), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (pi < processPieces.size() && r.nextInt(3) == 0) {
                Files.write(p, processPieces.get(pi++), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            clock[0] += 300 + r.nextInt(900);
            w.step();
            if (r.nextInt(5) == 0) {
                // killed: whatever was read since the last commit is lost with the process
                w = watcher(dir, sink, clock, reports);
                assertThat(w.restore()).isEqualTo(sink.state != null);
                deaths++;
            } else if (r.nextInt(12) == 0) {
                sink.failNext = true; // a commit that fails keeps the changes for the next one
            }
        }
        for (int i = 0; i < 5; i++) {
            clock[0] += 1_000;
            w.step();
        }
        assertThat(w.commit()).isTrue();
        assertThat(deaths).isGreaterThanOrEqualTo(20);
        Map<String, Alert> expected = scan(List.of(a, p));
        assertThat(expected).isNotEmpty();
        assertThat(counts(sink.alerts)).isEqualTo(counts(expected));
        assertThat(reports).noneMatch(s -> s.contains("rejected"));
    }

    /**
     * As after a real restart: each death also loses the engine (a new JVM builds a new one), so
     * nothing the engine holds outside the committed state may survive; process lines arrive one
     * at a time, benign and attack traces together.
     */
    @Test
    void aNewEngineAfterEachDeathGivesTheSameAlerts(@TempDir Path dir) throws Exception {
        byte[] access = dev.vigil.engine.PartitionedEngineTestAccess.accessLog(7, 3_000);
        List<String> processLines = new ArrayList<>();
        for (String f : List.of("webhost-attack.jsonl", "webhost-benign.jsonl")) {
            processLines.addAll(Files.readAllLines(Path.of("..", "samples", "process", f)));
        }
        Path a = dir.resolve("access.log");
        Path p = dir.resolve("trace.jsonl");
        Random r = new Random(23);
        List<byte[]> accessPieces = pieces(access, r);
        MemorySink sink = new MemorySink();
        long[] clock = {1_000_000};
        List<String> reports = new ArrayList<>();
        java.util.function.Supplier<Engine> engines = () -> Engine.builder().threads(1).format(null)
                .defaultDetectors(CATALOGUE).build();
        Watcher w = watcher(engines.get(), dir, sink, clock, reports);
        w.restore();
        int deaths = 0;
        int ai = 0;
        int pi = 0;
        while (ai < accessPieces.size() || pi < processLines.size()) {
            if (ai < accessPieces.size() && r.nextBoolean()) {
                Files.write(a, accessPieces.get(ai++), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (pi < processLines.size()) {
                Files.writeString(p, processLines.get(pi++) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            clock[0] += 300 + r.nextInt(900);
            w.step();
            if (r.nextInt(6) == 0) {
                w = watcher(engines.get(), dir, sink, clock, reports);
                assertThat(w.restore()).isEqualTo(sink.state != null);
                deaths++;
            }
        }
        for (int i = 0; i < 5; i++) {
            clock[0] += 1_000;
            w.step();
        }
        assertThat(w.commit()).isTrue();
        assertThat(deaths).isGreaterThanOrEqualTo(20);
        Map<String, Alert> expected = scan(List.of(a, p));
        assertThat(counts(sink.alerts)).isEqualTo(counts(expected));
    }

    /**
     * A file whose time stamps lie far behind what the watch has seen (a process trace that shows
     * up after the access log moved time on by days) gives only late detections: their windows are
     * let go after each commit and opened again by the next one. Each reopened alert continues from
     * its committed version, so counts neither restart (a store keeps a source's largest count) nor
     * drop, across commits and restarts.
     */
    @Test
    void lateDetectionsForWindowsLetGoContinueTheCommittedAlert(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("access.log");
        Path p = dir.resolve("trace.jsonl");
        Files.write(a, dev.vigil.engine.PartitionedEngineTestAccess.accessLog(9, 2_000));
        List<String> processLines = new ArrayList<>();
        for (String f : List.of("webhost-attack.jsonl", "webhost-benign.jsonl")) {
            processLines.addAll(Files.readAllLines(Path.of("..", "samples", "process", f)));
        }
        MemorySink sink = new MemorySink();
        long[] clock = {1_000_000};
        List<String> reports = new ArrayList<>();
        Duration lateness = Duration.ofHours(2);
        Watcher w = watcher(ENGINE, dir, sink, clock, reports, lateness);
        w.step();
        assertThat(w.commit()).isTrue();
        Random r = new Random(41);
        int restarts = 0;
        for (String line : processLines) {
            Files.writeString(p, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            clock[0] += 1_500; // past --commit-every: each line read is committed, then let go
            w.step();
            if (r.nextInt(8) == 0) {
                w = watcher(Engine.builder().threads(1).format(null).defaultDetectors(CATALOGUE).build(), dir, sink,
                        clock, reports, lateness);
                assertThat(w.restore()).isTrue();
                restarts++;
            }
        }
        clock[0] += 1_500;
        w.step();
        assertThat(w.commit()).isTrue();
        assertThat(restarts).isGreaterThan(5);
        Map<String, Alert> expected = scan(List.of(a, p));
        assertThat(expected.values()).anyMatch(x -> x.type().name().equals("WebShellActivity") && x.count() > 3);
        assertThat(counts(sink.alerts)).isEqualTo(counts(expected));
    }

    /** A restart (or a stop and start) hands over nothing that was committed before it. */
    @Test
    void aRestartHandsOverNothingAlreadyCommitted(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("access.log"), dev.vigil.engine.PartitionedEngineTestAccess.accessLog(5, 2_000));
        Files.copy(Path.of("..", "samples", "process", "webhost-attack.jsonl"), dir.resolve("trace.jsonl"));
        MemorySink sink = new MemorySink();
        long[] clock = {1_000_000};
        List<String> reports = new ArrayList<>();
        Watcher w = watcher(dir, sink, clock, reports);
        w.restore();
        w.step();
        assertThat(w.commit()).isTrue();
        assertThat(sink.alerts).isNotEmpty();
        for (int run = 0; run < 3; run++) {
            int commits = sink.commits;
            w = watcher(dir, sink, clock, reports);
            assertThat(w.restore()).isTrue();
            for (int i = 0; i < 5; i++) {
                clock[0] += 1_000;
                w.step();
            }
            assertThat(w.commit()).isTrue();
            // nothing new was read: no commit at all, so no alert is sent to any sink a second time
            assertThat(sink.commits).as("commits after restart %d", run).isEqualTo(commits);
        }
    }

    @Test
    void aSlowCommitSpacesTheNextOnesOut(@TempDir Path dir) throws Exception {
        long[] clock = {2_000_000};
        MemorySink sink = new MemorySink() {
            @Override
            public void commit(List<Alert> changed, byte[] state) throws IOException {
                clock[0] += 600; // a large state takes its time to write
                super.commit(changed, state);
            }
        };
        List<String> reports = new ArrayList<>();
        Watcher w = watcher(dir, sink, clock, reports);
        Path log = dir.resolve("access.log");
        byte[] access = dev.vigil.engine.PartitionedEngineTestAccess.accessLog(3, 400);
        Files.write(log, access);
        w.step();
        assertThat(w.commit()).isTrue();
        int commits = sink.commits;
        assertThat(commits).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            Files.write(log, access, StandardOpenOption.APPEND);
            clock[0] += 500;
            w.step(); // 1.1, 1.6 and 2.1 s after a commit that took 0.6 s: the next is due at 2.4 s
        }
        assertThat(sink.commits).as("no commit before four times the last one's duration").isEqualTo(commits);
        clock[0] += 500;
        w.step();
        assertThat(sink.commits).isEqualTo(commits + 1);
    }

    @Test
    void aClockThatGoesBackDoesNotStopCommits(@TempDir Path dir) throws Exception {
        long[] clock = {10_000_000};
        MemorySink sink = new MemorySink();
        List<String> reports = new ArrayList<>();
        Watcher w = watcher(dir, sink, clock, reports);
        Path log = dir.resolve("access.log");
        byte[] access = dev.vigil.engine.PartitionedEngineTestAccess.accessLog(4, 100);
        Files.write(log, access);
        clock[0] += 1_000;
        w.step();
        assertThat(sink.commits).isEqualTo(1);
        clock[0] -= 3_600_000; // an hour back
        Files.write(log, access, StandardOpenOption.APPEND);
        w.step();
        clock[0] += 1_000;
        w.step();
        assertThat(sink.commits).as("a commit interval after the jump, not an hour").isEqualTo(2);
    }

    @Test
    void aQuietLogStillMovesTimeOn(@TempDir Path dir) throws Exception {
        MemorySink sink = new MemorySink();
        long[] clock = {5_000_000};
        List<String> reports = new ArrayList<>();
        Watcher w = watcher(dir, sink, clock, reports);
        Files.write(dir.resolve("access.log"), dev.vigil.engine.PartitionedEngineTestAccess.accessLog(5, 200));
        w.step();
        long before = w.live().watermark();
        clock[0] += 10_000;
        w.step();
        assertThat(w.live().watermark()).as("not yet idle long enough").isEqualTo(before);
        clock[0] += 60_000;
        w.step();
        assertThat(w.live().watermark()).as("idle: event time follows the wall clock").isGreaterThan(before);
    }

    @Test
    void aFileTakesItsOwnFormatAndResource(@TempDir Path dir) throws Exception {
        MemorySink sink = new MemorySink();
        long[] clock = {9_000_000};
        List<String> reports = new ArrayList<>();
        Watcher w = watcher(dir, sink, clock, reports);
        dev.vigil.ingest.LineFormat combined = dev.vigil.ingest.formats.Formats.forName("combined").orElseThrow();
        w.perSource(path -> path.getFileName().toString().equals("shop.log")
                ? new Watcher.SourceOptions(combined, "shop") : Watcher.SourceOptions.DEFAULT);
        String line = "192.0.2.7 - - [30/Nov/2026:08:00:00 +0000] \"GET /item?id=1%27%20union%20select%20password"
                + "%20from%20users-- HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n";
        Files.writeString(dir.resolve("shop.log"), line);
        Files.writeString(dir.resolve("other.log"), line.replace("192.0.2.7", "192.0.2.8"));
        w.step();
        assertThat(w.commit()).isTrue();
        assertThat(sink.alerts.values()).filteredOn(a -> a.type().name().equals("SqlInjectionAttempt"))
                .extracting(a -> a.entities().get("ip") + "@" + a.entities().get("host"))
                .containsExactlyInAnyOrder("192.0.2.7@shop", "192.0.2.8@null");
    }
}
