package dev.vigil.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertAggregator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A million SQL injections from a million addresses under a 256 MiB heap: the scan completes,
 * every detection is counted, and the alerts beyond the bound are folded into a storm alert (on
 * the landed code before this, 300,000 such requests exhausted a 1 GiB heap and nothing was kept).
 */
class FloodTest {
    @Test
    void aMillionDistinctAttackersFitInA256MiBHeap() throws Exception {
        String result = flood("1000000");
        assertThat(result).contains("lines=1000000 ");
        long detections = field(result, "detections");
        assertThat(detections).isGreaterThanOrEqualTo(1_000_000);
        assertThat(field(result, "counted")).isEqualTo(detections);
        assertThat(field(result, "held")).isLessThanOrEqualTo(AlertAggregator.DEFAULT_MAX_ALERTS);
        assertThat(field(result, "folded")).isGreaterThan(900_000);
    }

    /**
     * A million clients that each open a probing-burst window (answered 404): a million keys of
     * keyed state, held within the detector's bound, the rest evicted and counted. The alerts are
     * held small here, so that this measures the detectors' state.
     */
    @Test
    void aMillionKeysOfDetectorStateFitInA256MiBHeap() throws Exception {
        String result = flood("1000000", "404", "1000");
        assertThat(result).contains("lines=1000000 ");
        int bound = dev.vigil.detect.behaviour.ProbingBurstDetector.Config.DEFAULT.maxClients();
        assertThat(field(result, "stateKeys")).isGreaterThan(bound / 2).isLessThanOrEqualTo(bound + 100L);
        assertThat(field(result, "evictedKeys")).isGreaterThan(500_000);
    }

    private static String flood(String... args) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx256m", "-XX:+UseParallelGC",
                "-XX:+ExitOnOutOfMemoryError", "-cp", cp, FloodMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow();
    }

    private static long field(String result, String name) {
        for (String kv : result.split(" ")) {
            if (kv.startsWith(name + "=")) {
                return Long.parseLong(kv.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + result);
    }
}
