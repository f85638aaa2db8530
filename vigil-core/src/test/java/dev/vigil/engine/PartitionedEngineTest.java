package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.ingest.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The keyed stage partitioned across threads gives exactly what one stage gives, in the same order. */
class PartitionedEngineTest {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Ordinary visitors, scanners (404 bursts), password guessing and admin logins over several sites. */
    static byte[] accessLog(long seed, int n) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        long t = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            t += r.nextInt(60) + (i == n / 2 ? 8L * 24 * 3_600_000 : 0);
            String ip = "198.51.100." + r.nextInt(i < n / 2 ? 40 : 80); // new addresses after the pause
            boolean scanner = ip.endsWith("3") || ip.endsWith("7");
            String path;
            String method = "GET";
            int status;
            switch (r.nextInt(8)) {
                case 0 -> {
                    path = "/wp-login.php";
                    method = "POST";
                    status = r.nextInt(6) == 0 ? 302 : 200;
                }
                case 1 -> {
                    path = "/wp-admin/options.php";
                    status = 200;
                }
                case 2 -> {
                    path = "/CHANGELOG.txt";
                    status = 200;
                }
                default -> {
                    path = "/p" + r.nextInt(scanner ? 100_000 : 40) + (r.nextInt(50) == 0 ? "?id=1'+or+'1'='1" : "");
                    status = scanner ? 404 : 200;
                }
            }
            b.append(String.format(Locale.ROOT, "%s - - [%s] \"%s %s HTTP/1.1\" %d 120 \"-\" \"Mozilla/5.0\" \"site%d.example\"%n",
                    ip, CLF.format(Instant.ofEpochMilli(t)), method, path, status, r.nextInt(3)));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> scan(int partitions, List<Source> sources) throws InterruptedException {
        Engine engine = Engine.builder().threads(2).partitions(partitions)
                .format(null).defaultDetectors(AlertCatalogue.builtIn()).build();
        List<String> out = new ArrayList<>();
        ScanSummary s = engine.scan(sources, new ScanListener() {
            @Override
            public void onDetection(Detection d) {
                out.add(d.origin().source() + ":" + d.origin().line() + " " + d.ruleId() + " " + d.decoded());
            }
        });
        assertThat(s.detectorFailures()).isEmpty();
        assertThat(s.detections()).isEqualTo(out.size());
        return out;
    }

    @Test
    void anyNumberOfPartitionsGivesTheSameDetectionsInTheSameOrder() throws Exception {
        Path samples = Path.of("..", "samples");
        List<Source> sources = List.of(
                Source.of("generated.log", accessLog(11, 60_000)),
                Source.of("attack.jsonl", Files.readAllBytes(samples.resolve("process/webhost-attack.jsonl"))),
                Source.of("scenario.log", Files.readAllBytes(samples.resolve("scenario/access.log"))),
                Source.of("benign.jsonl", Files.readAllBytes(samples.resolve("process/webhost-benign.jsonl"))),
                Source.of("generated-2.log", accessLog(12, 30_000)));
        List<String> one = scan(1, sources);
        assertThat(one).anyMatch(s -> s.contains("probing-burst"));
        assertThat(one).anyMatch(s -> s.contains("brute-force"));
        assertThat(one).anyMatch(s -> s.contains("anomalous-page-access"));
        assertThat(one).anyMatch(s -> s.contains("process.webshell"));
        for (int p : new int[] {2, 3, 7}) {
            assertThat(scan(p, sources)).as("%d partitions", p).isEqualTo(one);
        }
    }
}
