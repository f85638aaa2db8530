package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.flink.JobHarness.Figures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a Flink MiniCluster over an in-process Kafka broker: the alerts it writes to Kafka
 * (read committed) are {@code vigil scan}'s for the same lines: same ids, types, counts, first and
 * last times.
 */
class VigilJobTest {
    static final Path SAMPLES = Path.of("..", "samples");
    static JobHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = JobHarness.start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    static List<Path> sampleLogs() {
        return List.of("nginx/access.log", "iis/u_ex261115.log", "appservice/AppServiceHTTPLogs.json", "bad/mixed.log",
                "dns/query.log", "ftp/vsftpd.log", "process/webhost-benign.jsonl", "process/webhost-attack.jsonl",
                "scenario/access.log", "scenario/processes.jsonl").stream().map(SAMPLES::resolve).toList();
    }

    /** Runs the job, bounded, over what the topics hold now; returns the alert topic's records. */
    static List<ConsumerRecord<byte[], byte[]>> run(String name, int parallelism, Duration outOfOrderness)
            throws Exception {
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = h.env(parallelism, conf);
        env.enableCheckpointing(500);
        VigilJob.builder().bootstrapServers(h.servers()).topics("vigil\\.logs\\." + name + "()")
                .groupId(name).bounded(true).outOfOrderness(outOfOrderness)
                .alertTopic("alerts-" + name).transactionalIdPrefix("tx-" + name)
                .build().addTo(env);
        env.execute(name);
        return h.readCommitted("alerts-" + name);
    }

    @Test
    void samplesGiveTheAlertsOfAScan() throws Exception {
        List<Path> files = sampleLogs();
        h.createTopic("vigil.logs.samples", 2);
        h.createTopic("alerts-samples", 2);
        h.produce(JobHarness.envelopes("vigil.logs.samples", files));
        List<ConsumerRecord<byte[], byte[]>> out = run("samples", 2, Duration.ofSeconds(5));
        Map<String, Figures> scan = JobHarness.scan(files);
        assertThat(scan).hasSizeGreaterThan(20);
        // keyed detectors (windows, process lineage) as well as stateless rules
        assertThat(scan.values()).extracting(Figures::type).contains("BruteForce", "SystemDiscovery", "SqlInjectionAttempt");
        assertThat(JobHarness.latest(out)).isEqualTo(scan);
    }
}
