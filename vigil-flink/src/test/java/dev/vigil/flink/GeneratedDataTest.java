package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.flink.JobHarness.Figures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated data (tools/gen-access-log.py, tools/gen-process-trace.py): an access log of 100,000
 * lines (200,000 with {@code -Dvigil.flink.accessLines=200000}; 100,000 keeps the module's tests
 * near four minutes on a two-core machine) and a 30,000-event process trace over 50 hosts, their
 * lines spread over two partitions each, give {@code vigil scan}'s alerts; and the same lines
 * shuffled within the out-of-orderness bound give the same alerts again.
 *
 * <p>Needs python3 for the generators; skipped, saying so, where there is none.
 */
class GeneratedDataTest {
    static final int ACCESS_LINES = Integer.getInteger("vigil.flink.accessLines", 200_000);
    static final int PROCESS_EVENTS = 30_000;
    static JobHarness h;
    @TempDir
    static Path dir;
    static Path access;
    static Path trace;

    @BeforeAll
    static void start() throws Exception {
        access = dir.resolve("access.log");
        trace = dir.resolve("trace.jsonl");
        Assumptions.assumeTrue(timed("generate", () -> generate(access, "gen-access-log.py", "-n", Integer.toString(ACCESS_LINES), "--seed", "7",
                "-o", access.toString())), "python3 is needed to generate the logs (tools/gen-access-log.py)");
        Assumptions.assumeTrue(generate(trace, "gen-process-trace.py", Integer.toString(PROCESS_EVENTS), "50"),
                "python3 is needed to generate the trace (tools/gen-process-trace.py)");
        h = timed("harness start", () -> JobHarness.start(2));
    }

    private static boolean generate(Path out, String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", Path.of("..", "tools", tool).toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            if (!List.of(args).contains("-o")) {
                pb.redirectOutput(out.toFile());
            } else {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            return pb.start().waitFor() == 0 && Files.size(out) > 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private static final Pattern CLF_TIME = Pattern.compile("\\[([^\\]]+)\\]");
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final Pattern JSON_TIME = Pattern.compile("\"time\":(\\d+)");

    /** A line's own time stamp (ms), as the test reads it to shuffle by it. */
    static long time(String line) {
        Matcher m = JSON_TIME.matcher(line);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        m = CLF_TIME.matcher(line);
        return m.find() ? ZonedDateTime.parse(m.group(1), CLF).toInstant().toEpochMilli() : 0;
    }

    record Line(String source, long n, String format, String text, long order) {}

    static List<Line> lines(Path f, String format) throws Exception {
        List<Line> out = new ArrayList<>();
        long n = 0;
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            n++;
            out.add(new Line(f.getFileName().toString(), n, format, l, n));
        }
        return out;
    }

    /** Each line to partition n mod 2: one source's lines interleave from two partitions. */
    static List<ProducerRecord<byte[], byte[]>> records(String topic, List<Line> lines) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(lines.size());
        for (Line l : lines) {
            ProducerRecord<byte[], byte[]> e = JobHarness.envelope(topic, l.source(), l.n(), l.format(), l.text());
            out.add(new ProducerRecord<>(topic, (int) (l.n() % 2), e.key(), e.value()));
        }
        return out;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Wall and CPU time of a step, on standard error: where the test's time goes. */
    static <T> T timed(String what, java.util.concurrent.Callable<T> step) throws Exception {
        long wall = System.nanoTime();
        long cpu = cpuNanos();
        T t = step.call();
        System.err.printf(Locale.ROOT, "GeneratedDataTest: %s: %.1f s, %.1f CPU s%n", what,
                (System.nanoTime() - wall) / 1e9, (cpuNanos() - cpu) / 1e9);
        return t;
    }

    List<ConsumerRecord<byte[], byte[]>> run(String name, List<Line> lines, Duration bound) throws Exception {
        String topic = "vigil.logs." + name;
        h.createTopic(topic, 2);
        h.createTopic("alerts-" + name, 2);
        timed(name + " produce " + lines.size(), () -> {
            h.produce(records(topic, lines));
            return null;
        });
        StreamExecutionEnvironment env = h.env(2, new Configuration());
        env.enableCheckpointing(2_000);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\." + name + "()").groupId(name)
                .bounded(true).outOfOrderness(bound).alertTopic("alerts-" + name).transactionalIdPrefix("tx-" + name)
                .build().addTo(env);
        timed(name + " job", () -> env.execute(name));
        return timed(name + " read alerts", () -> h.readCommitted("alerts-" + name));
    }

    @Test
    void generatedAccessLogAndProcessTraceGiveTheAlertsOfAScan() throws Exception {
        Map<String, Figures> scan = timed("scan", () -> JobHarness.scan(List.of(access, trace)));
        List<Line> all = new ArrayList<>(lines(access, "combined"));
        all.addAll(lines(trace, "process-json"));
        Map<String, Figures> job = JobHarness.latest(run("generated", all, Duration.ofSeconds(5)));
        assertThat(scan.values()).extracting(Figures::type).contains("SqlInjectionAttempt", "ScannerDetected");
        assertThat(job).isEqualTo(scan);
    }

    @Test
    void linesShuffledWithinTheBoundGiveTheSameAlerts() throws Exception {
        long boundMillis = 10_000;
        List<Line> all = new ArrayList<>(lines(access, "combined").subList(0, 30_000));
        all.addAll(lines(trace, "process-json"));
        Path cut = dir.resolve("access-30k.log");
        Files.write(cut, all.stream().filter(l -> l.source().equals("access.log")).map(Line::text).toList());
        Map<String, Figures> scan = JobHarness.scan(List.of(cut, trace));
        // each line moved later by up to 8 s of its own time: none arrives behind the watermark
        Random r = new Random(11);
        List<Line> shuffled = new ArrayList<>();
        for (Line l : all) {
            shuffled.add(new Line(l.source().equals("access.log") ? "access-30k.log" : l.source(), l.n(), l.format(),
                    l.text(), time(l.text()) + r.nextInt(8_000)));
        }
        shuffled.sort(Comparator.comparingLong(Line::order));
        long inversions = 0;
        for (int i = 1; i < shuffled.size(); i++) {
            Line a = shuffled.get(i - 1);
            Line b = shuffled.get(i);
            inversions += a.source().equals(b.source()) && time(a.text()) > time(b.text()) ? 1 : 0;
        }
        assertThat(inversions).as("lines out of time order").isGreaterThan(1_000);
        Map<String, Figures> job = JobHarness.latest(run("shuffled", shuffled, Duration.ofMillis(boundMillis)));
        assertThat(job).isEqualTo(scan);
    }
}
