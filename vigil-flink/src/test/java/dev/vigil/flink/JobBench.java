package dev.vigil.flink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The job's figures on this machine (a benchmark, not a test; run by tools/bench-flink.sh):
 *
 * <ul>
 *   <li>throughput per task slot at parallelism 1 and 2, lines/s for an access log and events/s for
 *       a process trace, each run reading the topic (two partitions, raw lines, format from the
 *       topic name) to its end; median of the runs, job start-up included (Flink's net run time);</li>
 *   <li>the delay from a line entering Kafka to its alert being written (p50, p99): an access log's
 *       lines re-stamped with the current time and written at a steady rate, below capacity, to a
 *       running job, with one second of out-of-orderness.</li>
 * </ul>
 *
 * <p>Arguments: ACCESS_LOG PROCESS_TRACE [RUNS=5] [RATE=2000 lines/s] [SECONDS=30].
 */
public final class JobBench {
    private JobBench() {}

    public static void main(String[] args) throws Exception {
        Path access = Path.of(args[0]);
        Path trace = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        try (JobHarness h = JobHarness.start(2)) {
            List<String> accessLines = Files.readAllLines(access, StandardCharsets.UTF_8);
            List<String> traceLines = Files.readAllLines(trace, StandardCharsets.UTF_8);
            raw(h, "vigil.logs.combined", accessLines);
            raw(h, "vigil.process.process-json", traceLines);
            String only = System.getProperty("vigil.bench.only", "");
            for (int p = 1; p <= 2; p++) {
                if (!only.equals("trace")) {
                    report(h, "access log", "vigil\\.logs\\.(combined)", accessLines.size(), p, runs, "lines");
                }
                if (!only.equals("access")) {
                    report(h, "process trace", "vigil\\.process\\.(process-json)", traceLines.size(), p, runs, "events");
                }
            }
            delay(h, accessLines, rate, seconds);
        }
        System.exit(0);
    }

    private static int run = 0;

    private static void raw(JobHarness h, String topic, List<String> lines) throws Exception {
        h.createTopic(topic, 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            records.add(new ProducerRecord<>(topic, i % 2, null, lines.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        h.produce(records);
    }

    private static void report(JobHarness h, String what, String topics, int n, int parallelism, int runs, String unit)
            throws Exception {
        double[] perSlot = new double[runs];
        for (int r = 0; r < runs; r++) {
            String name = "bench-" + (++run);
            Configuration conf = new Configuration();
            conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none"); // fail loudly
            StreamExecutionEnvironment env = h.env(parallelism, conf);
            env.enableCheckpointing(10_000);
            VigilJob.builder().bootstrapServers(h.servers()).topics(topics).groupId(name).bounded(true)
                    .outOfOrderness(Duration.ofSeconds(5)).alertTopic("alerts-" + name).transactionalIdPrefix(name)
                    .build().addTo(env);
            JobExecutionResult res = env.execute(name);
            double secs = res.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
            perSlot[r] = n / secs / parallelism;
            System.out.printf(Locale.ROOT, "  %s p=%d run %d: %.1f s, %,.0f %s/s per slot%n", what, parallelism, r + 1,
                    secs, perSlot[r], unit);
        }
        Arrays.sort(perSlot);
        System.out.printf(Locale.ROOT, "%s: parallelism %d: median %,.0f %s/s per slot (%,.0f in all) over %d runs of %,d %s%n",
                what, parallelism, perSlot[runs / 2], unit, perSlot[runs / 2] * parallelism, runs, n, unit);
    }

    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static void delay(JobHarness h, List<String> lines, int rate, int seconds) throws Exception {
        String topic = "vigil.logs.live";
        h.createTopic(topic, 2);
        h.createTopic("alerts-live", 2);
        StreamExecutionEnvironment env = h.env(2, new Configuration());
        env.enableCheckpointing(1_000);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\.live()").groupId("live")
                .outOfOrderness(Duration.ofSeconds(1)).idleness(Duration.ofSeconds(5)).discovery(Duration.ofSeconds(1))
                .alertTopic("alerts-live").transactionalIdPrefix("live").build().addTo(env);
        // no format named: each partition's is sniffed from its first line
        JobClient job = env.executeAsync("live");
        Thread.sleep(5_000);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, h.servers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        int total = rate * seconds;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String l = lines.get(i % lines.size());
                int a = l.indexOf('[');
                int b = l.indexOf(']', a + 1);
                if (a >= 0 && b > a) {
                    l = l.substring(0, a + 1) + CLF.format(Instant.now()) + l.substring(b);
                }
                producer.send(new ProducerRecord<>(topic, i % 2, null, l.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Thread.sleep(10_000);
        job.cancel().get();
        List<Long> delays = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : h.readCommitted("alerts-live")) {
            Header ingest = r.headers().lastHeader(AlertRecords.INGEST_HEADER);
            if (ingest != null) {
                delays.add(r.timestamp() - Long.parseLong(new String(ingest.value(), StandardCharsets.US_ASCII)));
            }
        }
        delays.sort(null);
        if (delays.isEmpty()) {
            System.out.println("delay: no alerts came out");
            return;
        }
        System.out.printf(Locale.ROOT, "delay from line in Kafka to alert written: p50 %d ms, p99 %d ms, max %d ms "
                        + "(%d alert updates, %,d lines at %,d lines/s, out-of-orderness 1 s, checkpoints every 1 s)%n",
                delays.get(delays.size() / 2), delays.get((int) Math.min(delays.size() - 1, Math.round(delays.size() * 0.99))),
                delays.get(delays.size() - 1), delays.size(), total, rate);
    }
}
