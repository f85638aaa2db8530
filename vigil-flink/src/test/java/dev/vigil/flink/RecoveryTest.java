package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.flink.JobHarness.Figures;
import dev.vigil.store.AlertQuery;
import dev.vigil.store.PostgresServer;
import dev.vigil.store.PostgresAlertStore;
import dev.vigil.store.StoredAlert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job stopped mid-stream and restored: once by losing its task manager (Flink restores the
 * last checkpoint), once stopped with a savepoint and started again from it. The final alerts are
 * {@code vigil scan}'s, the alert topic read committed holds no version of an alert twice, and
 * PostgreSQL holds each alert once with the scan's count.
 */
class RecoveryTest {
    static final int LINES = 60_000;
    static JobHarness h;
    static List<String> lines;
    static Map<String, Figures> scan;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        h = JobHarness.start(2);
        lines = Traffic.lines(3, LINES);
        Path log = dir.resolve("access.log");
        Files.write(log, lines, StandardCharsets.UTF_8);
        scan = JobHarness.scan(List.of(log));
        assertThat(scan.values()).extracting(Figures::type).contains("SqlInjectionAttempt", "PathTraversalAttempt",
                "BruteForce");
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private static void produce(String topic) throws Exception {
        h.createTopic(topic, 2);
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ProducerRecord<byte[], byte[]> e = JobHarness.envelope(topic, "access.log", i + 1, "combined", lines.get(i));
            records.add(new ProducerRecord<>(topic, i % 2, e.key(), e.value()));
        }
        h.produce(records);
    }

    private static StreamExecutionEnvironment job(String name, Configuration conf, String postgres) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = h.env(2, conf);
        env.enableCheckpointing(300);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\." + name + "()").groupId(name)
                .bounded(true).outOfOrderness(Duration.ofSeconds(5)).alertTopic("alerts-" + name)
                .transactionalIdPrefix("tx-" + name).postgres(postgres).build().addTo(env);
        return env;
    }

    /** Waits until some alerts are committed (a checkpoint completed) while the job still runs. */
    private static int awaitFirstAlerts(JobClient job, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            int n = h.readCommitted(topic).size();
            if (n > 0) {
                assertThat(job.getJobStatus().get()).as("the job is still running: stopped mid-stream")
                        .isEqualTo(JobStatus.RUNNING);
                return n;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no alert was committed in two minutes");
    }

    /**
     * Lets a job restored from a savepoint read its topic to the end, then drains it (stop with a
     * savepoint, event time advanced to the end: the last windows close, the last alerts go out).
     * A bounded Kafka source restored from a savepoint was seen not to end by itself here
     * (flink-connector-kafka 5.0.0-2.2), so the test does not wait for it to.
     */
    private static void finish(JobClient job, String group, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", h.servers()))) {
            while (System.nanoTime() < deadline && !job.getJobStatus().get().isGloballyTerminalState()) {
                Map<TopicPartition, OffsetAndMetadata> done = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> want = new HashMap<>();
                for (int p = 0; p < 2; p++) {
                    want.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                var end = admin.listOffsets(want).all().get();
                boolean all = end.entrySet().stream().allMatch(e -> done.get(e.getKey()) != null
                        && done.get(e.getKey()).offset() >= e.getValue().offset());
                if (all) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
            job.stopWithSavepoint(true, dir.resolve("drained").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(120, TimeUnit.SECONDS);
        }
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
    }

    /** Each alert's versions in the topic: counts rising, none twice (a replayed update would repeat one). */
    private static void assertNoDuplicates(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Figures f = JobHarness.figuresOfJson(JobHarness.JSON.readTree(r.value()));
            String id = new String(r.key(), StandardCharsets.UTF_8);
            Long before = last.put(id, f.count());
            assertThat(before == null || before < f.count()).as("alert " + id + " went from " + before + " to "
                    + f.count()).isTrue();
        }
    }

    private static Map<String, Figures> stored(String url) {
        Map<String, Figures> out = new TreeMap<>();
        try (PostgresAlertStore store = PostgresAlertStore.open(url)) {
            for (StoredAlert a : store.list(AlertQuery.all())) {
                assertThat(out.put(a.alert().id(), Figures.of(a.alert()))).isNull();
            }
        }
        return out;
    }

    @Test
    void aJobThatLosesItsTaskManagerRestoresItsLastCheckpoint() throws Exception {
        produce("vigil.logs.crash");
        h.createTopic("alerts-crash", 2);
        String db = PostgresServer.freshDatabase();
        JobClient job = job("crash", new Configuration(), db).executeAsync("crash");
        int before = awaitFirstAlerts(job, "alerts-crash");
        h.flink.terminateTaskManager(0).get();
        h.flink.startTaskManager();
        job.getJobExecutionResult().get(180, TimeUnit.SECONDS);
        List<ConsumerRecord<byte[], byte[]>> out = h.readCommitted("alerts-crash");
        assertThat(out.size()).isGreaterThan(before);
        assertNoDuplicates(out);
        assertThat(JobHarness.latest(out)).isEqualTo(scan);
        assertThat(stored(db)).isEqualTo(scan);
    }

    @Test
    void aJobStoppedWithASavepointContinuesFromIt() throws Exception {
        produce("vigil.logs.savepoint");
        h.createTopic("alerts-savepoint", 2);
        String db = PostgresServer.freshDatabase();
        JobClient first = job("savepoint", new Configuration(), db).executeAsync("savepoint-1");
        int before = awaitFirstAlerts(first, "alerts-savepoint");
        String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);
        int atStop = h.readCommitted("alerts-savepoint").size();
        assertThat(atStop).isGreaterThanOrEqualTo(before);
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        finish(job("savepoint", restore, db).executeAsync("savepoint-2"), "savepoint", "vigil.logs.savepoint");
        List<ConsumerRecord<byte[], byte[]>> out = h.readCommitted("alerts-savepoint");
        assertThat(out.size()).isGreaterThan(atStop);
        assertNoDuplicates(out);
        assertThat(JobHarness.latest(out)).isEqualTo(scan);
        assertThat(stored(db)).isEqualTo(scan);
    }
}
