package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.Detection;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.engine.KeyedStage;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The detectors `vigil scan` runs, unchanged, on Flink keyed state and timers: the same events give
 * the same detections as the core's in-memory stage, also across a snapshot and restore.
 */
class DetectorFunctionTest {
    static final long T0 = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();

    private static List<KeyedDetector> detectors() {
        return BuiltInDetectors.all();
    }

    /** Scanners, password guessing, admin pages and a web worker's children, over two sites and a pause of a day. */
    static List<Event> traffic(long seed, int n) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>();
        long t = T0;
        for (int i = 1; i <= n; i++) {
            t += r.nextInt(40) + (i == n / 2 ? 25 * 3_600_000L : 0);
            Origin o = new Origin("mixed", i, 0);
            String host = r.nextBoolean() ? "shop.example" : "blog.example";
            if (r.nextInt(10) < 7) {
                String ip = "198.51.100." + r.nextInt(i < n / 2 ? 12 : 20);
                boolean scanner = ip.endsWith(".3") || ip.endsWith(".7");
                String method = r.nextInt(4) == 0 ? "POST" : "GET";
                String path = switch (r.nextInt(6)) {
                    case 0 -> "/wp-login.php";
                    case 1 -> "/wp-admin/index.php";
                    case 2 -> "/CHANGELOG.txt";
                    default -> "/p" + r.nextInt(scanner ? 100_000 : 30);
                };
                int status = scanner ? 404 : path.equals("/wp-login.php") && method.equals("POST")
                        ? (r.nextInt(8) == 0 ? 302 : 200) : 200;
                out.add(HttpRequest.builder(o).timeMillis(t).clientIp(ip).method(method).target(path).status(status)
                        .host(host).build());
            } else if (i < 30) {
                out.add(ProcessStart.builder(o).timeMillis(t).host(host).pid(100).ppid(1).exe("/usr/sbin/php-fpm8.2")
                        .commandLine("php-fpm: pool www").user("www-data").build());
            } else {
                String[] cmds = {"sh -c id", "convert /tmp/" + r.nextInt(50) + ".jpg /tmp/x.png", "whoami",
                    i > n / 2 ? "zip -qr /tmp/site.zip /var/www" : "sh -c /opt/app/deploy.sh"};
                String cmd = cmds[r.nextInt(cmds.length)];
                String exe = cmd.startsWith("sh") ? "/bin/sh" : "/usr/bin/" + cmd.split(" ")[0];
                out.add(ProcessStart.builder(o).timeMillis(t).host(host).pid(1000 + i).ppid(100).exe(exe)
                        .commandLine(cmd).user("www-data").build());
            }
        }
        return out;
    }

    private static String describe(Detection d) {
        return d.origin().line() + " " + d.ruleId() + " " + d.severity() + " " + d.decoded();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, Detection> harness(KeyedDetector d)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DetectorFunction(d.id())),
                new DetectorKey(d.id()), Types.STRING);
    }

    /** Feeds events with a watermark at the latest time seen, as a source with no disorder would. */
    private static long feed(KeyedOneInputStreamOperatorTestHarness<String, Event, Detection> h, KeyedDetector d,
                             List<Event> events, long watermark) throws Exception {
        for (Event e : events) {
            if (e.timeMillis() > watermark) {
                watermark = e.timeMillis();
                h.processWatermark(watermark);
            }
            if (d.key(e) != null) {
                h.processElement(e, e.timeMillis());
            }
        }
        return watermark;
    }

    @Test
    void flinkStateGivesWhatTheInMemoryStageGivesAcrossASnapshot() throws Exception {
        List<Event> events = traffic(3, 12_000);
        int cut = 7_321;
        boolean sawWindow = false;
        boolean sawLineage = false;
        for (KeyedDetector d : detectors()) {
            List<String> expected = new ArrayList<>();
            KeyedStage stage = new KeyedStage(List.of(d));
            for (Event e : events) {
                stage.process(e, x -> expected.add(describe(x)));
            }
            sawWindow |= expected.stream().anyMatch(s -> s.contains("probing-burst"));
            sawLineage |= expected.stream().anyMatch(s -> s.contains("process.lineage.first-seen-child"));

            List<String> got = new ArrayList<>();
            OperatorSubtaskState snapshot;
            long wm;
            try (var h = harness(d)) {
                h.open();
                wm = feed(h, d, events.subList(0, cut), Long.MIN_VALUE);
                h.extractOutputValues().forEach(x -> got.add(describe(x)));
                snapshot = h.snapshot(1L, wm);
            }
            try (var h = harness(d)) {
                h.initializeState(snapshot);
                h.open();
                feed(h, d, events.subList(cut, events.size()), wm);
                h.extractOutputValues().forEach(x -> got.add(describe(x)));
            }
            assertThat(got).as(d.id()).isEqualTo(expected);
        }
        assertThat(sawWindow).isTrue();
        assertThat(sawLineage).isTrue();
    }

    @Test
    void stateUnusedForLongerThanItsTtlIsForgotten() throws Exception {
        KeyedDetector d = BuiltInDetectors.byId("process-lineage");
        List<Event> events = traffic(5, 4_000);
        List<String> kept = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        for (long pause : new long[] {0, 10_000}) {
            try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new DetectorFunction(d.id(), 5_000)), new DetectorKey(d.id()), Types.STRING)) {
                h.open();
                long ttlClock = 0;
                long wm = Long.MIN_VALUE;
                for (Event e : events) {
                    ttlClock += pause; // processing time between two events: past the TTL, or none
                    h.setStateTtlProcessingTime(ttlClock);
                    wm = feed(h, d, List.of(e), wm);
                }
                h.extractOutputValues().forEach(x -> (pause == 0 ? kept : forgotten).add(describe(x)));
            }
        }
        List<String> inMemory = new ArrayList<>();
        KeyedStage stage = new KeyedStage(List.of(d));
        events.forEach(e -> stage.process(e, x -> inMemory.add(describe(x))));
        assertThat(kept).isEqualTo(inMemory).isNotEmpty();
        // the process tree and baseline gone between any two events: a web worker's children are not known as such
        assertThat(forgotten).isNotEqualTo(kept);
    }
}
